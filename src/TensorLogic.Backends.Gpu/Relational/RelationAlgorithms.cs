using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;
using ILGPU.Runtime;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// ILGPU.Algorithms' radix sorts (<see cref="KeySorter"/>) and scans for one accelerator. Creating them
/// loads their kernels, so they are made once per accelerator and shared, like the engine's own launchers.
/// </summary>
internal sealed class RelationAlgorithms
{
    private static readonly ConcurrentDictionary<Accelerator, RelationAlgorithms> Loaded = new();
    private readonly ConcurrentDictionary<int, KeySorter> _sorters = new();

    private RelationAlgorithms(Accelerator accelerator)
    {
        Accelerator = accelerator;
        ScanInts = accelerator.CreateScan<int, Stride1D.Dense, Stride1D.Dense, AddInt32>(ScanKind.Inclusive);
        ScanLongs = accelerator.CreateScan<long, Stride1D.Dense, Stride1D.Dense, AddInt64>(ScanKind.Inclusive);
    }

    public static RelationAlgorithms For(Accelerator accelerator) => Loaded.GetOrAdd(accelerator, a => new RelationAlgorithms(a));

    public Accelerator Accelerator { get; }

    /// <summary>The radix sort for keys below <paramref name="cells"/>, made on first use for each key width.</summary>
    public KeySorter Sorter(long cells) => _sorters.GetOrAdd(KeySorter.Bytes(cells), _ => KeySorter.Create(Accelerator, cells));

    /// <summary>Inclusive prefix sums.</summary>
    public Scan<int, Stride1D.Dense, Stride1D.Dense> ScanInts { get; }

    public Scan<long, Stride1D.Dense, Stride1D.Dense> ScanLongs { get; }

    public long ScanScratch<T>(long length)
        where T : unmanaged => Accelerator.ComputeScanTempStorageSize<T>(length);
}
