using System.Diagnostics;
using System.Numerics;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// One strided product <c>C[m×n] = alpha · A[m×k] · B[k×n] + beta · C</c>: element (i, j) of X lives at
/// <c>X + i · XRowStride + j · XColStride</c>; C has unit column stride.
/// </summary>
/// <remarks>An unmanaged value so that a parallel job can hand it to worker threads by pointer.</remarks>
internal unsafe struct GemmProblem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int M, N, K;
    public T* A;
    public nint ARowStride, AColStride;
    public T* B;
    public nint BRowStride, BColStride;
    public T* C;
    public nint CRowStride;
    public T Alpha, Beta;

    /// <summary>The same product restricted to rows [<paramref name="start"/>, <paramref name="end"/>) of A and C.</summary>
    public readonly GemmProblem<T> Rows(int start, int end)
    {
        GemmProblem<T> slice = this;
        slice.M = end - start;
        slice.A = A + start * ARowStride;
        slice.C = C + start * CRowStride;
        return slice;
    }

    /// <summary>The same product restricted to columns [<paramref name="start"/>, <paramref name="end"/>) of B and C.</summary>
    public readonly GemmProblem<T> Columns(int start, int end)
    {
        GemmProblem<T> slice = this;
        slice.N = end - start;
        slice.B = B + start * BColStride;
        slice.C = C + start;
        return slice;
    }

    /// <summary>
    /// Strides along a dimension of extent 1 (or through an empty depth) are never used to address anything, so
    /// they are set to 1; that lets e.g. a column vector B of any stride take the unit-stride paths.
    /// </summary>
    public void NormalizeUnusedStrides()
    {
        if (M == 1) ARowStride = 1;
        if (N == 1) BColStride = 1;
        if (K == 1) { AColStride = 1; BRowStride = 1; }
    }

    /// <summary>
    /// For a single-row product x · B (m = 1), the same product as Bᵀ · xᵀ: an n × 1 result whose elements are
    /// the same sums in the same order, stored in the same places. Lets x · Bᵀ with both operands stored row-major
    /// take the dot-product path of A · x.
    /// </summary>
    public readonly GemmProblem<T> TransposedRow()
    {
        Debug.Assert(M == 1);
        GemmProblem<T> t = this;
        (t.M, t.N) = (N, 1);
        t.A = B;
        (t.ARowStride, t.AColStride) = (BColStride, BRowStride);
        t.B = A;
        (t.BRowStride, t.BColStride) = (AColStride, 1);
        t.CRowStride = 1;
        return t;
    }

    /// <summary>Multiply-add count, the measure of work used to decide on threads and packing.</summary>
    public readonly long Work => (long)M * N * K;
}
