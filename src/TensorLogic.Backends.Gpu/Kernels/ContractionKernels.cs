using ILGPU;
using ILGPU.Runtime;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// The scalar parameters of <see cref="ContractionKernels.Contract"/> that vary between calls of one kernel
/// (sizes, scale); ranks and inner strides are specialized values instead, compiled into the kernel.
/// </summary>
public struct ContractShape
{
    public long OuterSumCount;
    public long InnerSize;
    public float Scale;
    public int Accumulate;
}

/// <summary>The scalar parameters of <see cref="ContractionKernels.Gemm"/>: C[b, m, n] (+)= scale Σk A[b, m, k] B[b, k, n].</summary>
public struct GemmShape
{
    public int M, N, K;
    public Axes ABatch, AM, AK;
    public Axes BBatch, BK, BN;
    public Axes CBatch, CM, CN;
    public float Scale;
    public int Accumulate;
}

/// <summary>Device code of pairwise contraction steps.</summary>
public static class ContractionKernels
{
    /// <summary>
    /// One output cell of a step <c>result[o] (+)= scale Σ left[..] right[..]</c> per thread, any strides: the
    /// general kernel. <paramref name="layout"/> holds the output sizes, then the left and right strides of
    /// each output axis, then the same three rows for the outer summed axes; the innermost summed axis is in
    /// <paramref name="shape"/>, so the hot loop is a strided dot product.
    /// </summary>
    public static void Contract(Index1D cell, ArrayView<float> left, ArrayView<float> right, ArrayView<float> result,
        ArrayView<long> layout, ContractShape shape, SpecializedValue<int> outRank, SpecializedValue<int> outerSumRank,
        SpecializedValue<long> innerLeftStride, SpecializedValue<long> innerRightStride)
    {
        // Specialized: ILGPU compiles a kernel per (ranks, inner strides), so these loops unroll and the
        // strides are immediates.
        var rank = outRank.Value;
        long leftBase = 0, rightBase = 0;
        Offsets.Locate(cell, layout, rank, 0, rank, 2 * rank, ref leftBase, ref rightBase);
        var sums = 3 * rank;
        var outer = outerSumRank.Value;
        var sum = 0f;
        for (long o = 0; o < shape.OuterSumCount; o++)
        {
            var leftOffset = leftBase;
            var rightOffset = rightBase;
            Offsets.Locate(o, layout, outer, sums, sums + outer, sums + 2 * outer, ref leftOffset, ref rightOffset);
            for (long k = 0; k < shape.InnerSize; k++)
                sum += left[leftOffset + k * innerLeftStride.Value] * right[rightOffset + k * innerRightStride.Value];
        }
        var value = shape.Scale * sum;
        result[cell] = shape.Accumulate != 0 ? result[cell] + value : value;
    }

    /// <summary>
    /// A batched GEMM tiled through shared memory: a group of tile × tile threads computes a tile of C, loading
    /// tiles of A and B cooperatively (the dynamic shared memory holds both). Grid: (N tiles, M tiles, batch).
    /// </summary>
    public static void Gemm(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmShape g, SpecializedValue<int> tileSize)
    {
        // The group is tile × tile threads; specialized, the inner product over a tile unrolls.
        var tile = tileSize.Value;
        var shared = SharedMemory.GetDynamic<float>();
        var tx = Group.IdxX;
        var ty = Group.IdxY;
        var n = Grid.IdxX * tile + tx;
        var m = Grid.IdxY * tile + ty;
        var batch = Grid.IdxZ;
        // A thread loads A's row m and B's column n throughout: their offsets are fixed.
        var aRow = g.ABatch.Offset(batch) + (m < g.M ? g.AM.Offset(m) : 0);
        var bColumn = g.BBatch.Offset(batch) + (n < g.N ? g.BN.Offset(n) : 0);
        var bTile = tile * tile;
        var sum = 0f;
        for (var k0 = 0; k0 < g.K; k0 += tile)
        {
            var ka = k0 + tx;
            shared[ty * tile + tx] = m < g.M && ka < g.K ? a[aRow + g.AK.Offset(ka)] : 0f;
            var kb = k0 + ty;
            shared[bTile + ty * tile + tx] = n < g.N && kb < g.K ? b[bColumn + g.BK.Offset(kb)] : 0f;
            Group.Barrier();
            for (var k = 0; k < tile; k++)
                sum += shared[ty * tile + k] * shared[bTile + k * tile + tx];
            Group.Barrier();
        }
        if (m >= g.M || n >= g.N)
            return;
        var offset = g.CBatch.Offset(batch) + g.CM.Offset(m) + g.CN.Offset(n);
        var value = g.Scale * sum;
        c[offset] = g.Accumulate != 0 ? c[offset] + value : value;
    }

    /// <summary>
    /// One group per output cell, for steps with few cells and long sums (a loss, a bias gradient summed over
    /// a batch): the group's threads split the summed products and add them up in shared memory. Same layout
    /// and shape as <see cref="Contract"/>; grid: (output cells), group: a power of two.
    /// </summary>
    public static void ContractByGroup(ArrayView<float> left, ArrayView<float> right, ArrayView<float> result,
        ArrayView<long> layout, ContractShape shape, SpecializedValue<int> outRank, SpecializedValue<int> outerSumRank,
        SpecializedValue<long> innerLeftStride, SpecializedValue<long> innerRightStride)
    {
        var cell = (long)Grid.IdxX;
        var rank = outRank.Value;
        long leftBase = 0, rightBase = 0;
        Offsets.Locate(cell, layout, rank, 0, rank, 2 * rank, ref leftBase, ref rightBase);
        var sums = 3 * rank;
        var outer = outerSumRank.Value;
        var total = shape.OuterSumCount * shape.InnerSize;
        var sum = 0f;
        // Thread t takes products t, t + group, t + 2 group, ...: neighbours read neighbouring elements.
        for (var p = (long)Group.IdxX; p < total; p += Group.DimX)
        {
            var k = p % shape.InnerSize;
            var leftOffset = leftBase + k * innerLeftStride.Value;
            var rightOffset = rightBase + k * innerRightStride.Value;
            Offsets.Locate(p / shape.InnerSize, layout, outer, sums, sums + outer, sums + 2 * outer, ref leftOffset, ref rightOffset);
            sum += left[leftOffset] * right[rightOffset];
        }
        var reduced = GroupReductions.Sum(sum);
        if (Group.IdxX != 0)
            return;
        var value = shape.Scale * reduced;
        result[cell] = shape.Accumulate != 0 ? result[cell] + value : value;
    }
}
