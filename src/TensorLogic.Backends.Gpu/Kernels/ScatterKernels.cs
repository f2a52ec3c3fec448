using ILGPU;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// A relation times a dense operand, in time linear in the tuples times the dense slice: each tuple selects
/// a slice of the dense operand (its shared indices) and where the slice goes in the result (the indices the
/// result keeps), and the slice is added there. Tuples may land on the same cells, so the adds are atomic.
/// </summary>
public static class ScatterKernels
{
    /// <summary>
    /// <paramref name="threads"/> threads stride over the (tuple, slice element) pairs. <paramref name="layout"/>: per tuple position its dense
    /// and result strides, then per slice axis its size, dense stride and result stride. A relation alone
    /// (a count) passes a one-element dense operand of 1 with zero strides.
    /// </summary>
    public static void Scatter(Index1D index, ArrayView<int> tuples, int rank, long count, ArrayView<float> dense,
        ArrayView<float> result, ArrayView<long> layout, int sliceRank, long sliceElements, float scale, int threads)
    {
        var total = count * sliceElements;
        var slices = 2 * rank;
        for (long pair = index; pair < total; pair += threads)
        {
            var tuple = pair / sliceElements;
            var element = pair % sliceElements;
            long denseOffset = 0, resultOffset = 0;
            for (var p = 0; p < rank; p++)
            {
                var value = tuples[tuple * rank + p];
                denseOffset += value * layout[p];
                resultOffset += value * layout[rank + p];
            }
            Offsets.Locate(element, layout, sliceRank, slices, slices + sliceRank, slices + 2 * sliceRank, ref denseOffset, ref resultOffset);
            DeviceMath.AtomicAdd(result, resultOffset, scale * dense[denseOffset]);
        }
    }
}
