using TensorLogic.Runtime.Values.Storage;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// The values that one free position of a dense relation's pattern takes among its tuples, as bits
/// (<see cref="Relation.TryFreeRun"/>): bit v is set when the tuple with v there is in the relation. Joins
/// intersect such runs a word at a time instead of testing each candidate value in turn.
/// </summary>
public readonly struct BitRun
{
    private readonly CellBits? _bits;
    private readonly long _from;

    internal BitRun(CellBits bits, long from, int length)
    {
        (_bits, _from, Length) = (bits, from, length);
    }

    /// <summary>The size of the free position (0 when a bound value lies outside the relation's shape).</summary>
    public int Length { get; }

    /// <summary>The bits of the values from <paramref name="offset"/> on; those at or past <see cref="Length"/> are 0.</summary>
    public ulong Read64(int offset)
    {
        var left = Length - offset;
        if (left <= 0)
            return 0;
        var word = _bits!.Read64(_from + offset);
        return left >= 64 ? word : word & ((1UL << left) - 1);
    }
}
