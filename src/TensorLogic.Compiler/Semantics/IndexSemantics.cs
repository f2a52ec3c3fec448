using System.Runtime.CompilerServices;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// The integer meaning of index expressions, comparisons and parity, shared by the bound tree, the IR and
/// compiled loop nests so that every engine agrees on them: floor division and floored modulo
/// (<c>-1/2 = -1</c>, <c>-1%2 = 1</c>), and a zero divisor giving <see cref="Invalid"/>, a value outside every
/// domain, so the binding is rejected by its range check.
/// </summary>
public static class IndexSemantics
{
    /// <summary>The value of an invalid index (a division by zero): no domain contains it.</summary>
    public const long Invalid = long.MinValue;

    /// <summary><c>left op right</c>; an invalid operand makes the whole expression invalid.</summary>
    public static long Apply(IndexOperator op, long left, long right)
    {
        if (left == Invalid || right == Invalid)
            return Invalid;
        return op switch
        {
            IndexOperator.Add => left + right,
            IndexOperator.Subtract => left - right,
            IndexOperator.Multiply => left * right,
            IndexOperator.Divide => FloorDivide(left, right),
            _ => FloorModulo(left, right),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorDivide(long a, long b)
    {
        if (b == 0)
            return Invalid;
        // long.MinValue / -1 overflows (and throws); negation wraps to the same value, which is never in a domain.
        if (b == -1)
            return unchecked(-a);
        var q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorModulo(long a, long b) =>
        b == 0 ? Invalid : unchecked(a - b * FloorDivide(a, b));

    public static bool Compare(ComparisonOperator op, long left, long right) => op switch
    {
        ComparisonOperator.Equal => left == right,
        ComparisonOperator.NotEqual => left != right,
        ComparisonOperator.Less => left < right,
        ComparisonOperator.LessOrEqual => left <= right,
        ComparisonOperator.Greater => left > right,
        _ => left >= right,
    };

    /// <summary>Even(d) / Odd(d) with C#'s remainder, so -3 is odd.</summary>
    public static bool HasParity(IndexPredicateKind kind, long value) => (value % 2 == 0) == (kind == IndexPredicateKind.Even);

    /// <summary>How an operator is written in index expressions.</summary>
    public static string Symbol(IndexOperator op) => op switch
    {
        IndexOperator.Add => "+",
        IndexOperator.Subtract => "-",
        IndexOperator.Multiply => "*",
        IndexOperator.Divide => "/",
        _ => "%",
    };
}
