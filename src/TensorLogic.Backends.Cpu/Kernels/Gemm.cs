using System.Numerics;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// Dense matrix multiplication on the CPU: <c>C[m×n] = alpha · A[m×k] · B[k×n] + beta · C</c>.
/// </summary>
/// <remarks>
/// <para>
/// A and B are addressed through element strides, <c>A[i, p] = a[i · aRowStride + p · aColStride]</c> and
/// <c>B[p, j] = b[p · bRowStride + j · bColStride]</c>, so transposed or permuted operands are used in place;
/// C is row-major with row stride <c>cRowStride</c> and unit column stride. Strides may be negative or zero.
/// </para>
/// <para>
/// <c>beta = 0</c> overwrites C without reading it, so C may hold garbage or NaN. <c>alpha = 0</c> or
/// <c>k = 0</c> reads neither A nor B. C must not overlap A or B.
/// </para>
/// <para>
/// <c>threads</c> is the most threads a call uses (0 = <see cref="Environment.ProcessorCount"/>); small products
/// use fewer, and a call made while another thread's parallel product holds the workers runs on its own thread. Results do not depend on the thread count: every element of C is summed in the same
/// order whichever thread computes it.
/// </para>
/// </remarks>
public static unsafe class Gemm
{
    public static void Multiply(int m, int n, int k,
        float* a, nint aRowStride, nint aColStride,
        float* b, nint bRowStride, nint bColStride,
        float* c, nint cRowStride,
        float alpha, float beta, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        GemmDriver.Multiply(Problem(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, alpha, beta),
            threads, GemmBlocking.DefaultIsa);
    }

    public static void Multiply(int m, int n, int k,
        double* a, nint aRowStride, nint aColStride,
        double* b, nint bRowStride, nint bColStride,
        double* c, nint cRowStride,
        double alpha, double beta, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        GemmDriver.Multiply(Problem(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, alpha, beta),
            threads, GemmBlocking.DefaultIsa);
    }

    /// <summary>
    /// <paramref name="batch"/> independent products; item <c>t</c> uses <c>a + t · aBatchStride</c>,
    /// <c>b + t · bBatchStride</c> and <c>c + t · cBatchStride</c>. A zero A or B batch stride broadcasts that
    /// operand; C items must not overlap.
    /// </summary>
    public static void MultiplyBatched(int batch, int m, int n, int k,
        float* a, nint aRowStride, nint aColStride, nint aBatchStride,
        float* b, nint bRowStride, nint bColStride, nint bBatchStride,
        float* c, nint cRowStride, nint cBatchStride,
        float alpha, float beta, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        GemmDriver.MultiplyBatched(batch,
            Problem(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, alpha, beta),
            aBatchStride, bBatchStride, cBatchStride, threads, GemmBlocking.DefaultIsa);
    }

    /// <inheritdoc cref="MultiplyBatched(int, int, int, int, float*, nint, nint, nint, float*, nint, nint, nint, float*, nint, nint, float, float, int)"/>
    public static void MultiplyBatched(int batch, int m, int n, int k,
        double* a, nint aRowStride, nint aColStride, nint aBatchStride,
        double* b, nint bRowStride, nint bColStride, nint bBatchStride,
        double* c, nint cRowStride, nint cBatchStride,
        double alpha, double beta, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        GemmDriver.MultiplyBatched(batch,
            Problem(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, cRowStride, alpha, beta),
            aBatchStride, bBatchStride, cBatchStride, threads, GemmBlocking.DefaultIsa);
    }

    internal static GemmProblem<T> Problem<T>(int m, int n, int k,
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return new GemmProblem<T>
        {
            M = m, N = n, K = k,
            A = a, ARowStride = aRowStride, AColStride = aColStride,
            B = b, BRowStride = bRowStride, BColStride = bColStride,
            C = c, CRowStride = cRowStride,
            Alpha = alpha, Beta = beta,
        };
    }
}
