using ILGPU;
using ILGPU.Runtime.Cuda;
using TensorLogic.Backends.Gpu.Kernels;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// A GEMM step as a cuBLAS call, when its operands are plain matrices: every index group one axis (or none)
/// and C's rows contiguous. cuBLAS is column-major, so the row-major C[m, n] = A[m, k] B[k, n] is computed as
/// its transpose Cᵀ = Bᵀ Aᵀ: a row-major matrix read column-major is its transpose, with the row stride as
/// the leading dimension, and an operand stored the other way round is passed transposed.
/// </summary>
internal sealed record BlasGemm(
    CuBlasOperation FirstOperation, CuBlasOperation SecondOperation,
    int Rows, int Columns, int Inner,
    int FirstLeading, int SecondLeading, int ResultLeading)
{
    /// <summary>The call for <paramref name="g"/>, or null when an operand is not a plain matrix.</summary>
    public static BlasGemm? Of(GemmShape g)
    {
        if (new[] { g.AM, g.AK, g.BK, g.BN, g.CM, g.CN }.Any(a => a.Count > 1))
            return null;
        // C: rows of n contiguous elements, m of them ldc apart.
        if (Stride(g.CN, 1) != 1)
            return null;
        var ldc = Stride(g.CM, g.N);
        // First operand Bᵀ (n × k column-major): B stored [k, n] is read as is; stored [n, k], transposed.
        var (first, ldFirst) = Stride(g.BN, 1) == 1 ? (CuBlasOperation.NonTranspose, Stride(g.BK, g.N))
            : Stride(g.BK, 1) == 1 ? (CuBlasOperation.Transpose, Stride(g.BN, g.K))
            : (CuBlasOperation.NonTranspose, -1L);
        // Second operand Aᵀ (k × m column-major): A stored [m, k] is read as is; stored [k, m], transposed.
        var (second, ldSecond) = Stride(g.AK, 1) == 1 ? (CuBlasOperation.NonTranspose, Stride(g.AM, g.K))
            : Stride(g.AM, 1) == 1 ? (CuBlasOperation.Transpose, Stride(g.AK, g.M))
            : (CuBlasOperation.NonTranspose, -1L);
        if (ldFirst < 0 || ldSecond < 0)
            return null;
        // cuBLAS wants each leading dimension at least the stored matrix's row count.
        var firstRows = first == CuBlasOperation.NonTranspose ? g.N : g.K;
        var secondRows = second == CuBlasOperation.NonTranspose ? g.K : g.M;
        ldFirst = Math.Max(ldFirst, Math.Max(1, firstRows));
        ldSecond = Math.Max(ldSecond, Math.Max(1, secondRows));
        ldc = Math.Max(ldc, Math.Max(1, g.N));
        if (ldFirst > int.MaxValue || ldSecond > int.MaxValue || ldc > int.MaxValue)
            return null;
        return new BlasGemm(first, second, g.N, g.M, g.K, (int)ldFirst, (int)ldSecond, (int)ldc);
    }

    /// <summary>C (+)= scale · A B for every batch, one cuBLAS call each.</summary>
    public void Run(CuBlas blas, GemmShape g, int batches, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c)
    {
        var beta = g.Accumulate != 0 ? 1f : 0f;
        for (var batch = 0; batch < batches; batch++)
        {
            blas.Gemm(FirstOperation, SecondOperation, Rows, Columns, Inner, g.Scale,
                b.SubView(g.BBatch.Offset(batch)), FirstLeading,
                a.SubView(g.ABatch.Offset(batch)), SecondLeading,
                beta, c.SubView(g.CBatch.Offset(batch)), ResultLeading);
        }
    }

    /// <summary>The stride of a one-axis group; a group with no axis (size 1) takes <paramref name="otherwise"/>.</summary>
    private static long Stride(Axes axes, long otherwise) => axes.Count == 0 ? otherwise : axes.Stride0;
}
