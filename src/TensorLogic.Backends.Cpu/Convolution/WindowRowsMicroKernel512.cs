using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;
using static TensorLogic.Backends.Cpu.Kernels.GemmMicroKernel512;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// The micro-kernel of implicit GEMM when the window is A (rows are pixels, as in <c>F[x, y, o]</c>): the tile
/// and FMA schedule of <see cref="GemmMicroKernel512"/>, but A is not packed. Each of the 8 rows is read where
/// it lies in the source, through one pointer per row and piece of depth, a piece being a run of columns that
/// are consecutive in the source (the channels under one filter tap); a row whose piece lies in the padding
/// points at zeros. Packing A would transpose every window element (rows are strided in the source, columns
/// contiguous); reading the rows in place moves nothing, and the 8 streams stay in L1.
/// </summary>
internal static unsafe class WindowRowsMicroKernel512
{
    public const int MR = GemmMicroKernel512.MR;

    /// <summary>
    /// <c>C[0..MR, 0..NR) = alpha · A · Bsliver + beta · C</c>, where A's row i over piece s is
    /// <c>rows[s · MR + i][0 .. lengths[s])</c>, and the pieces follow each other along the packed B sliver.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(int pieces, int* lengths, T** rows, T* b, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;

        for (int s = 0; s < pieces; s++, rows += MR)
        {
            T* a0 = rows[0], a1 = rows[1], a2 = rows[2], a3 = rows[3];
            T* a4 = rows[4], a5 = rows[5], a6 = rows[6], a7 = rows[7];
            int length = lengths[s];
            for (int p = 0; p < length; p++)
            {
                Vector512<T> b0 = Vector512.LoadAligned(b);
                Vector512<T> b1 = Vector512.LoadAligned(b + w);
                Vector512<T> ai = Vector512.Create(a0[p]);
                c00 = Fma(ai, b0, c00); c01 = Fma(ai, b1, c01);
                ai = Vector512.Create(a1[p]);
                c10 = Fma(ai, b0, c10); c11 = Fma(ai, b1, c11);
                ai = Vector512.Create(a2[p]);
                c20 = Fma(ai, b0, c20); c21 = Fma(ai, b1, c21);
                ai = Vector512.Create(a3[p]);
                c30 = Fma(ai, b0, c30); c31 = Fma(ai, b1, c31);
                ai = Vector512.Create(a4[p]);
                c40 = Fma(ai, b0, c40); c41 = Fma(ai, b1, c41);
                ai = Vector512.Create(a5[p]);
                c50 = Fma(ai, b0, c50); c51 = Fma(ai, b1, c51);
                ai = Vector512.Create(a6[p]);
                c60 = Fma(ai, b0, c60); c61 = Fma(ai, b1, c61);
                ai = Vector512.Create(a7[p]);
                c70 = Fma(ai, b0, c70); c71 = Fma(ai, b1, c71);
                b += 2 * w;
            }
        }

        Vector512<T> va = Vector512.Create(alpha), vb = Vector512.Create(beta);
        bool readC = beta != T.Zero;
        StoreRow(c, w, c00, c01, va, vb, readC); c += ldc;
        StoreRow(c, w, c10, c11, va, vb, readC); c += ldc;
        StoreRow(c, w, c20, c21, va, vb, readC); c += ldc;
        StoreRow(c, w, c30, c31, va, vb, readC); c += ldc;
        StoreRow(c, w, c40, c41, va, vb, readC); c += ldc;
        StoreRow(c, w, c50, c51, va, vb, readC); c += ldc;
        StoreRow(c, w, c60, c61, va, vb, readC); c += ldc;
        StoreRow(c, w, c70, c71, va, vb, readC);
    }

    /// <summary>
    /// The same with one vector of columns (<c>Vector512&lt;T&gt;.Count</c>: 16 filters in float), for filters too
    /// few to fill two: 8 accumulators are still enough to cover the FMA latency, and no lane is wasted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunOneVector<T>(int pieces, int* lengths, T** rows, T* b, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<T> c4 = default, c5 = default, c6 = default, c7 = default;

        for (int s = 0; s < pieces; s++, rows += MR)
        {
            T* a0 = rows[0], a1 = rows[1], a2 = rows[2], a3 = rows[3];
            T* a4 = rows[4], a5 = rows[5], a6 = rows[6], a7 = rows[7];
            int length = lengths[s];
            for (int p = 0; p < length; p++)
            {
                Vector512<T> b0 = Vector512.LoadAligned(b);
                c0 = Fma(Vector512.Create(a0[p]), b0, c0);
                c1 = Fma(Vector512.Create(a1[p]), b0, c1);
                c2 = Fma(Vector512.Create(a2[p]), b0, c2);
                c3 = Fma(Vector512.Create(a3[p]), b0, c3);
                c4 = Fma(Vector512.Create(a4[p]), b0, c4);
                c5 = Fma(Vector512.Create(a5[p]), b0, c5);
                c6 = Fma(Vector512.Create(a6[p]), b0, c6);
                c7 = Fma(Vector512.Create(a7[p]), b0, c7);
                b += w;
            }
        }

        Vector512<T> va = Vector512.Create(alpha), vb = Vector512.Create(beta);
        bool readC = beta != T.Zero;
        StoreOne(c, c0, va, vb, readC); c += ldc;
        StoreOne(c, c1, va, vb, readC); c += ldc;
        StoreOne(c, c2, va, vb, readC); c += ldc;
        StoreOne(c, c3, va, vb, readC); c += ldc;
        StoreOne(c, c4, va, vb, readC); c += ldc;
        StoreOne(c, c5, va, vb, readC); c += ldc;
        StoreOne(c, c6, va, vb, readC); c += ldc;
        StoreOne(c, c7, va, vb, readC);
    }

    /// <summary>One row of one vector: <c>C = alpha · x + beta · C</c>, rounded as <see cref="GemmMicroKernel512"/> rounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOne<T>(T* c, Vector512<T> x, Vector512<T> alpha, Vector512<T> beta, bool readC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        x *= alpha;
        if (readC)
            x = Fma(beta, Vector512.Load(c), x);
        Vector512.Store(x, c);
    }
}
