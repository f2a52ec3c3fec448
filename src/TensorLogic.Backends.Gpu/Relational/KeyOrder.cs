using ILGPU.Algorithms.RadixSortOperations;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// How many low bits of a key a radix sort looks at. ILGPU's radix sort takes two bits per pass, four
/// launches each, so sorting only the bits a shape's keys can have (22 for a 2,000 × 2,000 relation) instead
/// of all 64 saves most of the sort. A multiple of 8, as the sort requires a multiple of 4.
/// </summary>
public interface IKeyWidth
{
    int Bits { get; }
}

/// <summary>Keys (never negative) in ascending order by their low <typeparamref name="TWidth"/> bits, the rest being 0.</summary>
public readonly struct AscendingKeys<TWidth> : IRadixSortOperation<long>
    where TWidth : struct, IKeyWidth
{
    public int NumBits => default(TWidth).Bits;

    /// <summary>What the sort pads partial groups with; it never lands in the output.</summary>
    public long DefaultValue => long.MaxValue;

    public int ExtractRadixBits(long value, int shift, int bitMask) => (int)(value >> shift) & bitMask;
}

public readonly struct KeyBits8 : IKeyWidth
{
    public int Bits => 8;
}

public readonly struct KeyBits16 : IKeyWidth
{
    public int Bits => 16;
}

public readonly struct KeyBits24 : IKeyWidth
{
    public int Bits => 24;
}

public readonly struct KeyBits32 : IKeyWidth
{
    public int Bits => 32;
}

public readonly struct KeyBits40 : IKeyWidth
{
    public int Bits => 40;
}

public readonly struct KeyBits48 : IKeyWidth
{
    public int Bits => 48;
}

public readonly struct KeyBits56 : IKeyWidth
{
    public int Bits => 56;
}

public readonly struct KeyBits64 : IKeyWidth
{
    public int Bits => 64;
}
