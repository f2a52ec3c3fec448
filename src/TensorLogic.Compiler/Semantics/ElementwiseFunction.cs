using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// The forms of one elementwise built-in that the engines use, looked up once per call site through
/// <see cref="BuiltinFunction.Elementwise"/>: each engine then runs a form specialized on the definition,
/// so the per-element work is the definition's own code, not a dispatch on the function.
/// </summary>
public abstract class ElementwiseFunction
{
    /// <summary>The forms of <typeparamref name="TDefinition"/>.</summary>
    public static ElementwiseFunction Of<TDefinition>()
        where TDefinition : IElementwiseDefinition => new ElementwiseFunction<TDefinition>();

    /// <summary>The second argument when a call leaves it out.</summary>
    public abstract double DefaultArgument { get; }

    /// <summary>The definition struct, for engines that instantiate generic device code over it (GPU kernels).</summary>
    public abstract Type Definition { get; }

    /// <summary>f(x, a) in double: the reference engine and the constant folder.</summary>
    public abstract double Apply(double x, double argument);

    /// <summary>f(x, a) in T.</summary>
    public abstract T Apply<T>(T x, T argument)
        where T : IFloatingPointIeee754<T>;

    /// <summary>f on every element in place (SIMD where TensorPrimitives has it).</summary>
    public abstract void ApplyAll<T>(Span<T> x, T argument)
        where T : IFloatingPointIeee754<T>;

    /// <summary>f on the elements with <c>counts[i] &gt; 0</c>; the others keep their values.</summary>
    public abstract void ApplyReached<T>(Span<T> x, ReadOnlySpan<int> counts, T argument)
        where T : IFloatingPointIeee754<T>;

    /// <summary>f(x, a) as an expression in T for the CPU's compiled loop nests.</summary>
    public abstract Expression Code<T>(Expression x, Expression argument)
        where T : IFloatingPointIeee754<T>;

    /// <summary>The static method <c>Value&lt;T&gt;</c> of the definition that <see cref="Code{T}"/> calls.</summary>
    public abstract MethodInfo ValueMethod(Type type);
}

internal sealed class ElementwiseFunction<TDefinition> : ElementwiseFunction
    where TDefinition : IElementwiseDefinition
{
    private static readonly MethodInfo Value = typeof(TDefinition).GetMethod(
        nameof(IElementwiseDefinition.Value), 1, BindingFlags.Public | BindingFlags.Static, null,
        [Type.MakeGenericMethodParameter(0), Type.MakeGenericMethodParameter(0)], null)
        ?? throw new MissingMethodException(typeof(TDefinition).Name, nameof(IElementwiseDefinition.Value));

    public override double DefaultArgument => TDefinition.DefaultArgument;

    public override Type Definition => typeof(TDefinition);

    public override double Apply(double x, double argument) => TDefinition.Value(x, argument);

    public override T Apply<T>(T x, T argument) => TDefinition.Value(x, argument);

    public override void ApplyAll<T>(Span<T> x, T argument) => TDefinition.Values(x, argument);

    public override void ApplyReached<T>(Span<T> x, ReadOnlySpan<int> counts, T argument)
    {
        if (counts.Length != x.Length)
            throw new ArgumentException($"{counts.Length} counts for {x.Length} values");
        for (var i = 0; i < x.Length; i++)
        {
            if (counts[i] > 0)
                x[i] = TDefinition.Value(x[i], argument);
        }
    }

    public override Expression Code<T>(Expression x, Expression argument) =>
        TDefinition.Code<T>(x, argument) ?? Expression.Call(ValueMethod(typeof(T)), x, argument);

    public override MethodInfo ValueMethod(Type type) => Value.MakeGenericMethod(type);
}
