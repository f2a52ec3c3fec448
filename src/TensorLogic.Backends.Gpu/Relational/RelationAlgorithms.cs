using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.RadixSortOperations;
using ILGPU.Algorithms.ScanReduceOperations;
using ILGPU.Runtime;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// ILGPU.Algorithms' radix sorts and scans for one accelerator. Creating them loads their kernels, so they
/// are made once per accelerator and shared, like the engine's own launchers.
/// </summary>
internal sealed class RelationAlgorithms
{
    private static readonly ConcurrentDictionary<Accelerator, RelationAlgorithms> Loaded = new();

    private RelationAlgorithms(Accelerator accelerator)
    {
        Accelerator = accelerator;
        SortKeys = accelerator.CreateRadixSort<long, Stride1D.Dense, AscendingInt64>();
        SortPairs = accelerator.CreateRadixSortPairs<long, Stride1D.Dense, int, Stride1D.Dense, AscendingInt64>();
        ScanInts = accelerator.CreateScan<int, Stride1D.Dense, Stride1D.Dense, AddInt32>(ScanKind.Inclusive);
        ScanLongs = accelerator.CreateScan<long, Stride1D.Dense, Stride1D.Dense, AddInt64>(ScanKind.Inclusive);
    }

    public static RelationAlgorithms For(Accelerator accelerator) => Loaded.GetOrAdd(accelerator, a => new RelationAlgorithms(a));

    public Accelerator Accelerator { get; }

    /// <summary>Sorts keys ascending in place.</summary>
    public RadixSort<long, Stride1D.Dense> SortKeys { get; }

    /// <summary>Sorts keys ascending in place, moving each key's value with it.</summary>
    public RadixSortPairs<long, Stride1D.Dense, int, Stride1D.Dense> SortPairs { get; }

    /// <summary>Inclusive prefix sums.</summary>
    public Scan<int, Stride1D.Dense, Stride1D.Dense> ScanInts { get; }

    public Scan<long, Stride1D.Dense, Stride1D.Dense> ScanLongs { get; }

    /// <summary>Scratch ints that sorting <paramref name="length"/> keys needs.</summary>
    public int SortScratch(int length) => Accelerator.ComputeRadixSortTempStorageSize<long, AscendingInt64>(length);

    public int SortPairsScratch(int length) => Accelerator.ComputeRadixSortPairsTempStorageSize<long, int, AscendingInt64>(length);

    public long ScanScratch<T>(long length)
        where T : unmanaged => Accelerator.ComputeScanTempStorageSize<T>(length);
}
