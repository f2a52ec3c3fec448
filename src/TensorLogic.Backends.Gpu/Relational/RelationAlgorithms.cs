using System.Collections.Concurrent;
using TensorLogic.Backends.Gpu.Devices;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// The radix sorts (<see cref="KeySorter"/>) and prefix sums (<see cref="PrefixSums"/>) of one device.
/// Creating them loads their kernels, so they are made once per device and shared, like the engine's own
/// launchers.
/// </summary>
internal sealed class RelationAlgorithms
{
    private static readonly ConcurrentDictionary<GpuDevice, RelationAlgorithms> Loaded = new();
    private readonly ConcurrentDictionary<int, KeySorter> _sorters = new();
    private readonly GpuDevice _device;

    private RelationAlgorithms(GpuDevice device)
    {
        _device = device;
        PrefixSums = new PrefixSums(device);
    }

    public static RelationAlgorithms For(GpuDevice device) => Loaded.GetOrAdd(device, d => new RelationAlgorithms(d));

    /// <summary>The radix sort for keys below <paramref name="cells"/>, made on first use for each key width.</summary>
    public KeySorter Sorter(long cells) => _sorters.GetOrAdd(KeySorter.Bytes(cells), _ => KeySorter.Create(_device.Accelerator, cells));

    public PrefixSums PrefixSums { get; }
}
