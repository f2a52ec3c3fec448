using System.Numerics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// The values of the infix operators, and the double-valued entry to the built-ins for the constant
/// folder and the reference engine. Every engine must agree with these; the CPU's compiled loops call
/// <see cref="Modulo{T}"/> and the table's pow directly.
/// </summary>
public static class ElementwiseFunctions
{
    /// <summary>An infix operator on two values; <c>%</c> is the floored remainder, <c>^</c> the power.</summary>
    public static T Apply<T>(BinaryOperator op, T left, T right)
        where T : IFloatingPointIeee754<T> => op switch
    {
        BinaryOperator.Add => left + right,
        BinaryOperator.Subtract => left - right,
        BinaryOperator.Join => left * right,
        BinaryOperator.Divide => left / right,
        BinaryOperator.Modulo => Modulo(left, right),
        _ => Builtins.Pow.Value(left, right),
    };

    /// <summary>The floored remainder: its sign follows the divisor, so <c>-1 % 3</c> is 2.</summary>
    public static T Modulo<T>(T left, T right)
        where T : IFloatingPointIeee754<T> => left - right * T.Floor(left / right);

    /// <summary>A built-in elementwise call on values, through the table (<see cref="BuiltinFunction.Evaluate"/>).</summary>
    public static double Apply(BuiltinFunction function, ReadOnlySpan<double> arguments) => function.Evaluate(arguments);
}
