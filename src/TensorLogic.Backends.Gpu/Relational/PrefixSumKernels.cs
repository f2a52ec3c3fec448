using ILGPU;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// Inclusive prefix sums in chunks, one thread per chunk, for the CPU accelerator (<see cref="PrefixSums"/>):
/// each thread sums its chunk, the chunk sums are scanned, then each thread scans its chunk from the sum of
/// the chunks before it.
/// </summary>
public static class PrefixSumKernels
{
    public static void SumIntChunks(Index1D chunk, ArrayView<int> values, ArrayView<int> chunkSums, int chunkLength)
    {
        var start = (long)chunk.X * chunkLength;
        var end = start + chunkLength < values.Length ? start + chunkLength : values.Length;
        var sum = 0;
        for (var i = start; i < end; i++)
            sum += values[i];
        chunkSums[chunk] = sum;
    }

    /// <summary><paramref name="chunkEnds"/>: the inclusive scan of the chunk sums.</summary>
    public static void ScanIntChunks(Index1D chunk, ArrayView<int> values, ArrayView<int> output, ArrayView<int> chunkEnds, int chunkLength)
    {
        var start = (long)chunk.X * chunkLength;
        var end = start + chunkLength < values.Length ? start + chunkLength : values.Length;
        var running = chunk == 0 ? 0 : chunkEnds[chunk - 1];
        for (var i = start; i < end; i++)
        {
            running += values[i];
            output[i] = running;
        }
    }

    public static void SumLongChunks(Index1D chunk, ArrayView<long> values, ArrayView<long> chunkSums, int chunkLength)
    {
        var start = (long)chunk.X * chunkLength;
        var end = start + chunkLength < values.Length ? start + chunkLength : values.Length;
        long sum = 0;
        for (var i = start; i < end; i++)
            sum += values[i];
        chunkSums[chunk] = sum;
    }

    public static void ScanLongChunks(Index1D chunk, ArrayView<long> values, ArrayView<long> output, ArrayView<long> chunkEnds, int chunkLength)
    {
        var start = (long)chunk.X * chunkLength;
        var end = start + chunkLength < values.Length ? start + chunkLength : values.Length;
        var running = chunk == 0 ? 0 : chunkEnds[chunk - 1];
        for (var i = start; i < end; i++)
        {
            running += values[i];
            output[i] = running;
        }
    }
}
