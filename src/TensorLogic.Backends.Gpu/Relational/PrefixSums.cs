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

    private static readonly MethodInfo SumIntChunks = typeof(PrefixSumKernels).GetMethod(nameof(PrefixSumKernels.SumIntChunks))!;
    private static readonly MethodInfo ScanIntChunks = typeof(PrefixSumKernels).GetMethod(nameof(PrefixSumKernels.ScanIntChunks))!;
    private static readonly MethodInfo SumLongChunks = typeof(PrefixSumKernels).GetMethod(nameof(PrefixSumKernels.SumLongChunks))!;
    private static readonly MethodInfo ScanLongChunks = typeof(PrefixSumKernels).GetMethod(nameof(PrefixSumKernels.ScanLongChunks))!;

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

    public void Inclusive(AcceleratorStream stream, ArrayView<int> values, ArrayView<int> output, ScratchBuffers scratch)
    {
        if (!InChunks(values.Length))
        {
            _scanInts(stream, values, output, scratch.Rent<int>(ScratchLength<int>(values.Length), "scan scratch"));
            return;
        }
        var (chunks, chunkLength) = Chunking(values.Length);
        var chunkSums = scratch.Rent<int>(chunks, "chunk sums");
        var chunkEnds = scratch.Rent<int>(chunks, "chunk ends");
        _device.Auto<Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<int>, int>>(SumIntChunks)(stream, chunks, values, chunkSums, chunkLength);
        _scanInts(stream, chunkSums, chunkEnds, scratch.Rent<int>(ScratchLength<int>(chunks), "scan scratch"));
        _device.Auto<Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, int>>(ScanIntChunks)(
            stream, chunks, values, output, chunkEnds, chunkLength);
    }

    public void Inclusive(AcceleratorStream stream, ArrayView<long> values, ArrayView<long> output, ScratchBuffers scratch)
    {
        if (!InChunks(values.Length))
        {
            _scanLongs(stream, values, output, scratch.Rent<int>(ScratchLength<long>(values.Length), "scan scratch"));
            return;
        }
        var (chunks, chunkLength) = Chunking(values.Length);
        var chunkSums = scratch.Rent<long>(chunks, "chunk sums");
        var chunkEnds = scratch.Rent<long>(chunks, "chunk ends");
        _device.Auto<Action<AcceleratorStream, Index1D, ArrayView<long>, ArrayView<long>, int>>(SumLongChunks)(stream, chunks, values, chunkSums, chunkLength);
        _scanLongs(stream, chunkSums, chunkEnds, scratch.Rent<int>(ScratchLength<long>(chunks), "scan scratch"));
        _device.Auto<Action<AcceleratorStream, Index1D, ArrayView<long>, ArrayView<long>, ArrayView<long>, int>>(ScanLongChunks)(
            stream, chunks, values, output, chunkEnds, chunkLength);
    }

    private long ScratchLength<T>(long length)
        where T : unmanaged => _device.Accelerator.ComputeScanTempStorageSize<T>(length);

    private static (int Chunks, int ChunkLength) Chunking(long length)
    {
        var chunkLength = (int)((length + MaxChunks - 1) / MaxChunks);
        return ((int)((length + chunkLength - 1) / chunkLength), chunkLength);
    }
}
