using System.Linq.Expressions;
using System.Numerics;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// What one elementwise built-in is, written once for every engine: f(x, a) where a is the optional second
/// argument (sig's temperature, pow's exponent). The members are static so that callers specialized on the
/// implementing struct (<see cref="ElementwiseFunction{TDefinition}"/>, generated code) call them directly
/// and the JIT inlines them, with no per-element dispatch.
/// </summary>
public interface IElementwiseDefinition
{
    /// <summary>The second argument when a call leaves it out (sig's temperature 1); unary functions ignore it.</summary>
    static virtual double DefaultArgument => 0;

    /// <summary>The value, the definition every engine must agree with; double and float are the same code.</summary>
    static abstract T Value<T>(T x, T argument)
        where T : IFloatingPointIeee754<T>;

    /// <summary>
    /// <see cref="Value{T}"/> on every element in place, with TensorPrimitives' SIMD where it has the function.
    /// Where the SIMD form's rounding differs from the scalar one it is by an ulp or so, never in the edge cases
    /// (0, -0, NaN, ±∞), which the tests pin.
    /// </summary>
    static abstract void Values<T>(Span<T> x, T argument)
        where T : IFloatingPointIeee754<T>;

    /// <summary>
    /// Code for the CPU's expression-tree compiler when it can do better than calling <see cref="Value{T}"/>
    /// (pow by 2 as one multiply); null calls <see cref="Value{T}"/>, which the JIT inlines.
    /// </summary>
    static virtual Expression? Code<T>(Expression x, Expression argument)
        where T : IFloatingPointIeee754<T> => null;
}
