using ILGPU.Runtime.Cuda;
using TensorLogic.Backends.Gpu.Execution;
using TensorLogic.Backends.Gpu.Kernels;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>
/// The mapping of GEMM steps onto cuBLAS's column-major call, checked without a GPU: the call's parameters
/// drive a plain implementation of the BLAS definition (op(X) of a column-major matrix with leading dimension
/// ld), whose result must equal the row-major product computed by brute force, for every storage order of A
/// and B, with a batch axis before or after.
/// </summary>
public class BlasGemmTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void The_call_computes_the_row_major_product(bool aTransposed, bool bTransposed)
    {
        const bool batchLast = false;
        const int m = 5, n = 3, k = 4, batches = 2;
        // A is [b, m, k] or [b, k, m] (batch last: [m, k, b] ...); each layout gives the element strides.
        var (aBatch, aM, aK) = Strides(batchLast, aTransposed, m, k, batches);
        var (bBatch, bK, bN) = Strides(batchLast, bTransposed, k, n, batches);
        var (cBatch, cM, cN) = Strides(false, false, m, n, batches);
        var random = new Random(11);
        var a = Enumerable.Range(0, batches * m * k).Select(_ => (float)random.Next(-3, 4)).ToArray();
        var b = Enumerable.Range(0, batches * k * n).Select(_ => (float)random.Next(-3, 4)).ToArray();
        var c = new float[batches * m * n];
        var shape = new GemmShape
        {
            M = m, N = n, K = k,
            ABatch = One(batches, aBatch), AM = One(m, aM), AK = One(k, aK),
            BBatch = One(batches, bBatch), BK = One(k, bK), BN = One(n, bN),
            CBatch = One(batches, cBatch), CM = One(m, cM), CN = One(n, cN),
            Scale = 2,
        };
        var call = BlasGemm.Of(shape);
        Assert.NotNull(call);
        Assert.Equal(aTransposed ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose, call.SecondOperation);
        Assert.Equal(bTransposed ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose, call.FirstOperation);
        for (var batch = 0; batch < batches; batch++)
        {
            Reference(call.FirstOperation, call.SecondOperation, call.Rows, call.Columns, call.Inner, shape.Scale,
                b, (int)shape.BBatch.Offset(batch), call.FirstLeading,
                a, (int)shape.ABatch.Offset(batch), call.SecondLeading,
                0f, c, (int)shape.CBatch.Offset(batch), call.ResultLeading);
        }
        for (var batch = 0; batch < batches; batch++)
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++)
                {
                    var expected = 2 * Enumerable.Range(0, k).Sum(p => a[batch * aBatch + i * aM + p * aK] * b[batch * bBatch + p * bK + j * bN]);
                    Assert.Equal(expected, c[batch * cBatch + i * cM + j * cN]);
                }
    }

    /// <summary>A batch axis after the matrix axes leaves no unit stride in A: not a matrix cuBLAS can read.</summary>
    [Fact]
    public void A_batch_axis_inside_the_matrix_is_left_to_the_tiled_kernel()
    {
        var (aBatch, aM, aK) = Strides(batchLast: true, transposed: false, 5, 4, 2);
        var shape = new GemmShape
        {
            M = 5, N = 3, K = 4,
            ABatch = One(2, aBatch), AM = One(5, aM), AK = One(4, aK),
            BBatch = One(2, 12), BK = One(4, 3), BN = One(3, 1), CBatch = One(2, 15), CM = One(5, 3), CN = One(3, 1),
        };
        Assert.Null(BlasGemm.Of(shape));
    }

    [Fact]
    public void Operands_whose_groups_span_several_axes_are_left_to_the_tiled_kernel()
    {
        var shape = new GemmShape
        {
            M = 6, N = 2, K = 2,
            AM = Axes.Of([(2, 20), (3, 2)])!.Value, AK = One(2, 1), BK = One(2, 2), BN = One(2, 1), CM = One(6, 2), CN = One(2, 1),
        };
        Assert.Null(BlasGemm.Of(shape));
    }

    /// <summary>Strides of a [batch, rows, columns] tensor stored [batch, rows, cols] or transposed, batch first or last.</summary>
    private static (long Batch, long Rows, long Columns) Strides(bool batchLast, bool transposed, int rows, int columns, int batches)
    {
        var (outer, inner) = transposed ? (columns, rows) : (rows, columns);
        long innerStride = batchLast ? batches : 1;
        long outerStride = inner * innerStride;
        long batch = batchLast ? 1 : outer * inner;
        return transposed ? (batch, innerStride, outerStride) : (batch, outerStride, innerStride);
    }

    private static Axes One(int size, long stride) => Axes.Of([(size, stride)])!.Value;

    /// <summary>The BLAS definition of sgemm on column-major storage: C = α op(A) op(B) + β C, element (i, j) at i + j·ld.</summary>
    private static void Reference(CuBlasOperation opA, CuBlasOperation opB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        float A(int i, int p) => opA == CuBlasOperation.NonTranspose ? a[aOffset + i + p * lda] : a[aOffset + p + i * lda];
        float B(int p, int j) => opB == CuBlasOperation.NonTranspose ? b[bOffset + p + j * ldb] : b[bOffset + j + p * ldb];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                    sum += A(i, p) * B(p, j);
                c[cOffset + i + j * ldc] = alpha * sum + beta * c[cOffset + i + j * ldc];
            }
    }
}
