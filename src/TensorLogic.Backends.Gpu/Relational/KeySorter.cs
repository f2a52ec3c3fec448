using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>ILGPU.Algorithms' radix sorts of keys, and of keys with an int each, over one key width.</summary>
internal sealed class KeySorter
{
    private readonly Func<int, int> _keysScratch;
    private readonly Func<int, int> _pairsScratch;

    private KeySorter(
        RadixSort<long, Stride1D.Dense> sortKeys, RadixSortPairs<long, Stride1D.Dense, int, Stride1D.Dense> sortPairs,
        Func<int, int> keysScratch, Func<int, int> pairsScratch)
    {
        SortKeys = sortKeys;
        SortPairs = sortPairs;
        _keysScratch = keysScratch;
        _pairsScratch = pairsScratch;
    }

    /// <summary>The sorter for keys below <paramref name="cells"/>: the fewest whole bytes that hold them.</summary>
    public static KeySorter Create(Accelerator accelerator, long cells) =>
        Bytes(cells) switch
        {
            1 => Create<KeyBits8>(accelerator),
            2 => Create<KeyBits16>(accelerator),
            3 => Create<KeyBits24>(accelerator),
            4 => Create<KeyBits32>(accelerator),
            5 => Create<KeyBits40>(accelerator),
            6 => Create<KeyBits48>(accelerator),
            7 => Create<KeyBits56>(accelerator),
            _ => Create<KeyBits64>(accelerator),
        };

    /// <summary>The number of bytes of key the sorter for keys below <paramref name="cells"/> reads.</summary>
    public static int Bytes(long cells) => (int)((64 - long.LeadingZeroCount(Math.Max(cells - 1, 1)) + 7) / 8);

    private static KeySorter Create<TWidth>(Accelerator accelerator)
        where TWidth : struct, IKeyWidth =>
        new(
            accelerator.CreateRadixSort<long, Stride1D.Dense, AscendingKeys<TWidth>>(),
            accelerator.CreateRadixSortPairs<long, Stride1D.Dense, int, Stride1D.Dense, AscendingKeys<TWidth>>(),
            length => accelerator.ComputeRadixSortTempStorageSize<long, AscendingKeys<TWidth>>(length),
            length => accelerator.ComputeRadixSortPairsTempStorageSize<long, int, AscendingKeys<TWidth>>(length));

    /// <summary>Sorts keys ascending in place.</summary>
    public RadixSort<long, Stride1D.Dense> SortKeys { get; }

    /// <summary>Sorts keys ascending in place, moving each key's int with it.</summary>
    public RadixSortPairs<long, Stride1D.Dense, int, Stride1D.Dense> SortPairs { get; }

    /// <summary>Scratch ints that sorting <paramref name="length"/> keys needs.</summary>
    public int KeysScratch(int length) => _keysScratch(length);

    public int PairsScratch(int length) => _pairsScratch(length);
}
