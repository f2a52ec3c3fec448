using System.Numerics;
using ILGPU;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// Inclusive prefix sums in chunks, one thread per chunk, for the CPU accelerator (<see cref="PrefixSums"/>):
/// each thread sums its chunk, the chunk sums are scanned, then each thread scans its chunk from the sum of
/// the chunks before it. Generic over the element (int counts, long ends).
/// </summary>
public static class PrefixSumKernels
{
    public static void SumChunks<T>(Index1D chunk, ArrayView<T> values, ArrayView<T> chunkSums, int chunkLength)
        where T : unmanaged, IBinaryInteger<T>
    {
        var start = (long)chunk.X * chunkLength;
        var end = start + chunkLength < values.Length ? start + chunkLength : values.Length;
        var sum = T.Zero;
        for (var i = start; i < end; i++)
            sum += values[i];
        chunkSums[chunk] = sum;
    }

    /// <summary><paramref name="chunkEnds"/>: the inclusive scan of the chunk sums.</summary>
    public static void ScanChunks<T>(Index1D chunk, ArrayView<T> values, ArrayView<T> output, ArrayView<T> chunkEnds, int chunkLength)
        where T : unmanaged, IBinaryInteger<T>
    {
        var start = (long)chunk.X * chunkLength;
        var end = start + chunkLength < values.Length ? start + chunkLength : values.Length;
        var running = chunk == 0 ? T.Zero : chunkEnds[chunk - 1];
        for (var i = start; i < end; i++)
        {
            running += values[i];
            output[i] = running;
        }
    }
}
