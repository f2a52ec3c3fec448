using System.Runtime.CompilerServices;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// The integer operations of index expressions that compiled loop nests call, with exactly the results of
/// <c>ArithmeticIndex.Evaluate</c>: floor division and floored modulo, and a zero divisor giving
/// <see cref="long.MinValue"/>, a value outside every domain, so the binding is rejected by its range check.
/// </summary>
internal static class IndexMath
{
    /// <summary>The value a division by zero yields: no domain contains it.</summary>
    public const long Invalid = long.MinValue;

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
}
