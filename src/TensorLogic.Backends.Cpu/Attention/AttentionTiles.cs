using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;

namespace TensorLogic.Backends.Cpu.Attention;

/// <summary>
/// The two register-blocked products of attention, each over a block of <see cref="Rows"/> rows and two
/// vectors of columns held in 16 zmm accumulators, as in <see cref="GemmMicroKernel512"/>: the scores of
/// the rows against a packed, transposed B (<c>Key</c>), and the rows' weights against packed values
/// (<c>Val</c>). Operands are small (a head's K and V fit in L2), so neither is blocked along its depth.
/// </summary>
internal static unsafe class AttentionTiles
{
    public const int Rows = 8;

    /// <summary>Two vectors of T: the column step of both tiles, and what packed rows are padded to.</summary>
    public static int Step<T>()
        where T : unmanaged => 2 * Vector512<T>.Count;

    /// <summary>
    /// <c>scores[i, c] = factor · Σ_k a[i, k] · packed[k, c]</c> for the block's rows i and the columns c in
    /// [<paramref name="from"/>, <paramref name="to"/>) rounded out to whole steps (<paramref name="from"/> is a
    /// multiple of <see cref="Step{T}"/>). B is packed in panels of one step of columns, each panel k by
    /// column (<see cref="PanelOffset"/>), so that a tile reads one contiguous panel. Rows past
    /// <paramref name="rowCount"/> repeat the last row and are left for the caller to ignore.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores<T>(T* a, long aStrideP, long aStrideK, int rowCount, int depth,
        T* packed, int from, int to, T factor, T* scores, int scoresWidth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        T* a0 = a, a1 = Row(a, aStrideP, 1, rowCount), a2 = Row(a, aStrideP, 2, rowCount), a3 = Row(a, aStrideP, 3, rowCount);
        T* a4 = Row(a, aStrideP, 4, rowCount), a5 = Row(a, aStrideP, 5, rowCount), a6 = Row(a, aStrideP, 6, rowCount), a7 = Row(a, aStrideP, 7, rowCount);
        // Each panel is one step of columns wide and depth rows long; from is a multiple of the step.
        long panel = 2L * w * depth;
        T* b = packed + from / (2 * w) * panel;
        for (int c = from; c < to; c += 2 * w)
        {
            // Nothing is called between here and the stores: a call would make the JIT keep the
            // accumulators on the stack through the loop.
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
            Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
            Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
            long ak = 0;
            for (int k = 0; k < depth; k++)
            {
                Vector512<T> b0 = Vector512.Load(b), b1 = Vector512.Load(b + w);
                Vector512<T> ai = Vector512.Create(a0[ak]);
                c00 = GemmMicroKernel512.Fma(ai, b0, c00); c01 = GemmMicroKernel512.Fma(ai, b1, c01);
                ai = Vector512.Create(a1[ak]);
                c10 = GemmMicroKernel512.Fma(ai, b0, c10); c11 = GemmMicroKernel512.Fma(ai, b1, c11);
                ai = Vector512.Create(a2[ak]);
                c20 = GemmMicroKernel512.Fma(ai, b0, c20); c21 = GemmMicroKernel512.Fma(ai, b1, c21);
                ai = Vector512.Create(a3[ak]);
                c30 = GemmMicroKernel512.Fma(ai, b0, c30); c31 = GemmMicroKernel512.Fma(ai, b1, c31);
                ai = Vector512.Create(a4[ak]);
                c40 = GemmMicroKernel512.Fma(ai, b0, c40); c41 = GemmMicroKernel512.Fma(ai, b1, c41);
                ai = Vector512.Create(a5[ak]);
                c50 = GemmMicroKernel512.Fma(ai, b0, c50); c51 = GemmMicroKernel512.Fma(ai, b1, c51);
                ai = Vector512.Create(a6[ak]);
                c60 = GemmMicroKernel512.Fma(ai, b0, c60); c61 = GemmMicroKernel512.Fma(ai, b1, c61);
                ai = Vector512.Create(a7[ak]);
                c70 = GemmMicroKernel512.Fma(ai, b0, c70); c71 = GemmMicroKernel512.Fma(ai, b1, c71);
                b += 2 * w;
                ak += aStrideK;
            }
            Vector512<T> f = Vector512.Create(factor);
            T* s = scores + c;
            Store(s, w, c00 * f, c01 * f); s += scoresWidth;
            Store(s, w, c10 * f, c11 * f); s += scoresWidth;
            Store(s, w, c20 * f, c21 * f); s += scoresWidth;
            Store(s, w, c30 * f, c31 * f); s += scoresWidth;
            Store(s, w, c40 * f, c41 * f); s += scoresWidth;
            Store(s, w, c50 * f, c51 * f); s += scoresWidth;
            Store(s, w, c60 * f, c61 * f); s += scoresWidth;
            Store(s, w, c70 * f, c71 * f);
        }
    }

    /// <summary>Where packed element (k, c) of B starts its panel: panels of one step of columns, k rows each.</summary>
    public static long PanelOffset<T>(int c, int depth)
        where T : unmanaged => (long)(c / Step<T>()) * depth * Step<T>() + c % Step<T>();

    /// <summary>
    /// <c>sums[i, v] = Σ_q weights[i, q] · values[q, v]</c> for the block's rows, q in [<paramref name="from"/>,
    /// <paramref name="to"/>) and v over <paramref name="width"/> (a multiple of <see cref="Step{T}"/>), the values'
    /// rows <paramref name="valueStride"/> apart and the sums' rows <paramref name="width"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Weighted<T>(T* weights, int weightsStride, int from, int to, T* values, long valueStride, int width, T* sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        T* p0 = weights, p1 = p0 + weightsStride, p2 = p1 + weightsStride, p3 = p2 + weightsStride;
        T* p4 = p3 + weightsStride, p5 = p4 + weightsStride, p6 = p5 + weightsStride, p7 = p6 + weightsStride;
        for (int v = 0; v < width; v += 2 * w)
        {
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
            Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
            Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
            T* b = values + from * valueStride + v;
            for (int q = from; q < to; q++)
            {
                Vector512<T> b0 = Vector512.Load(b), b1 = Vector512.Load(b + w);
                Vector512<T> pi = Vector512.Create(p0[q]);
                c00 = GemmMicroKernel512.Fma(pi, b0, c00); c01 = GemmMicroKernel512.Fma(pi, b1, c01);
                pi = Vector512.Create(p1[q]);
                c10 = GemmMicroKernel512.Fma(pi, b0, c10); c11 = GemmMicroKernel512.Fma(pi, b1, c11);
                pi = Vector512.Create(p2[q]);
                c20 = GemmMicroKernel512.Fma(pi, b0, c20); c21 = GemmMicroKernel512.Fma(pi, b1, c21);
                pi = Vector512.Create(p3[q]);
                c30 = GemmMicroKernel512.Fma(pi, b0, c30); c31 = GemmMicroKernel512.Fma(pi, b1, c31);
                pi = Vector512.Create(p4[q]);
                c40 = GemmMicroKernel512.Fma(pi, b0, c40); c41 = GemmMicroKernel512.Fma(pi, b1, c41);
                pi = Vector512.Create(p5[q]);
                c50 = GemmMicroKernel512.Fma(pi, b0, c50); c51 = GemmMicroKernel512.Fma(pi, b1, c51);
                pi = Vector512.Create(p6[q]);
                c60 = GemmMicroKernel512.Fma(pi, b0, c60); c61 = GemmMicroKernel512.Fma(pi, b1, c61);
                pi = Vector512.Create(p7[q]);
                c70 = GemmMicroKernel512.Fma(pi, b0, c70); c71 = GemmMicroKernel512.Fma(pi, b1, c71);
                b += valueStride;
            }
            T* s = sums + v;
            Store(s, w, c00, c01); s += width;
            Store(s, w, c10, c11); s += width;
            Store(s, w, c20, c21); s += width;
            Store(s, w, c30, c31); s += width;
            Store(s, w, c40, c41); s += width;
            Store(s, w, c50, c51); s += width;
            Store(s, w, c60, c61); s += width;
            Store(s, w, c70, c71);
        }
    }

    /// <summary>Row i of the block, or its last row where the block is short.</summary>
    private static T* Row<T>(T* a, long stride, int i, int rowCount)
        where T : unmanaged => a + Math.Min(i, rowCount - 1) * stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* s, int w, Vector512<T> x0, Vector512<T> x1)
        where T : unmanaged
    {
        Vector512.Store(x0, s);
        Vector512.Store(x1, s + w);
    }
}
