using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// Inclusive prefix sums, which turn marks into places and counts into ends. On a GPU, ILGPU.Algorithms'
/// scan. On the CPU accelerator that scan is one group whose threads meet at a barrier every few elements
/// (24 s for 2^20 ints on two cores), so there each thread scans a chunk instead (<see cref="PrefixSumKernels"/>),
/// and ILGPU's scan only scans the chunk sums.
/// </summary>
internal sealed class PrefixSums
{
    /// <summary>At most this many chunks: few enough that scanning their sums is quick, enough to keep the CPU's threads busy.</summary>
    private const int MaxChunks = 1024;

    /// <summary>Below this length ILGPU's scan on the CPU takes less than the chunked scan's three launches.</summary>
    private const int ChunkedFrom = 16_384;


    private readonly GpuDevice _device;
    private readonly Scan<int, Stride1D.Dense, Stride1D.Dense> _scanInts;
    private readonly Scan<long, Stride1D.Dense, Stride1D.Dense> _scanLongs;

    public PrefixSums(GpuDevice device)
    {
        _device = device;
        _scanInts = device.Accelerator.CreateScan<int, Stride1D.Dense, Stride1D.Dense, AddInt32>(ScanKind.Inclusive);
        _scanLongs = device.Accelerator.CreateScan<long, Stride1D.Dense, Stride1D.Dense, AddInt64>(ScanKind.Inclusive);
    }

    private bool InChunks(long length) => _device.Accelerator.AcceleratorType == AcceleratorType.CPU && length >= ChunkedFrom;

    public void Inclusive(AcceleratorStream stream, ArrayView<int> values, ArrayView<int> output, ScratchBuffers scratch) =>
        Inclusive(stream, values, output, scratch, _scanInts);

    public void Inclusive(AcceleratorStream stream, ArrayView<long> values, ArrayView<long> output, ScratchBuffers scratch) =>
        Inclusive(stream, values, output, scratch, _scanLongs);

    private void Inclusive<T>(AcceleratorStream stream, ArrayView<T> values, ArrayView<T> output, ScratchBuffers scratch,
        Scan<T, Stride1D.Dense, Stride1D.Dense> scan)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        if (!InChunks(values.Length))
        {
            scan(stream, values, output, scratch.Rent<int>(ScratchLength<T>(values.Length), "scan scratch"));
            return;
        }
        var (chunks, chunkLength) = Chunking(values.Length);
        var chunkSums = scratch.Rent<T>(chunks, "chunk sums");
        var chunkEnds = scratch.Rent<T>(chunks, "chunk ends");
        _device.Auto<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, int>>(Kernel<T>(nameof(PrefixSumKernels.SumChunks)))(
            stream, chunks, values, chunkSums, chunkLength);
        scan(stream, chunkSums, chunkEnds, scratch.Rent<int>(ScratchLength<T>(chunks), "scan scratch"));
        _device.Auto<Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, int>>(Kernel<T>(nameof(PrefixSumKernels.ScanChunks)))(
            stream, chunks, values, output, chunkEnds, chunkLength);
    }

    private static MethodInfo Kernel<T>(string name) => typeof(PrefixSumKernels).GetMethod(name)!.MakeGenericMethod(typeof(T));

    private long ScratchLength<T>(long length)
        where T : unmanaged => _device.Accelerator.ComputeScanTempStorageSize<T>(length);

    private static (int Chunks, int ChunkLength) Chunking(long length)
    {
        var chunkLength = (int)((length + MaxChunks - 1) / MaxChunks);
        return ((int)((length + chunkLength - 1) / chunkLength), chunkLength);
    }
}
