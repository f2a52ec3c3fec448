using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// Unpacked AVX-512 kernels for products too small to repay packing, and for matrix–vector shapes where packing
/// would pad a single row or column up to a whole micro-tile. Both work on 4-row tiles read straight from the
/// caller's memory, with masked loads and stores at the column edge (they neither touch nor fault on elements
/// past it) and the row pointers of a short last tile clamped to its last real row (whose extra results are
/// dropped), so there are no scalar remainder loops.
/// </summary>
/// <remarks>
/// Two layouts are handled: B with unit column stride (<see cref="BroadcastTile"/>: C rows accumulate broadcast
/// elements of A times rows of B, vectorized along n), and, for fewer than 4 columns (A · x), A rows and B columns
/// both contiguous (<see cref="DotTile"/>: each C element is a dot product, vectorized along k). Dot products are
/// not used for wider products: a lane reduction per element made a 32³ A · Bᵀ run at 23 GFLOP/s, against 109 for
/// packing. Other layouts, and machines without AVX-512, use the blocked path, whose packing absorbs any strides.
/// </remarks>
internal static unsafe class GemmSmall
{
    private const int TileRows = 4;

    /// <summary>Whether <see cref="Run"/> handles this operand layout on this machine.</summary>
    public static bool Supports(int n, nint aColStride, nint bRowStride, nint bColStride) =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && (bColStride == 1 || UseDots(n, aColStride, bRowStride));

    /// <summary>Dot products for A · x shapes, where broadcast tiles would be mostly mask.</summary>
    private static bool UseDots(int n, nint aColStride, nint bRowStride) =>
        n < 4 && aColStride == 1 && bRowStride == 1;

    public static void Run<T>(int m, int n, int k,
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool dots = UseDots(n, aColStride, bRowStride);
        int w = Vector512<T>.Count;
        for (int i0 = 0; i0 < m; i0 += TileRows)
        {
            int rows = Math.Min(TileRows, m - i0);
            T* a0 = a + i0 * aRowStride;
            T* a1 = a0 + Math.Min(1, rows - 1) * aRowStride;
            T* a2 = a0 + Math.Min(2, rows - 1) * aRowStride;
            T* a3 = a0 + Math.Min(3, rows - 1) * aRowStride;
            T* cRow = c + i0 * cRowStride;
            if (dots)
            {
                for (int j0 = 0; j0 < n; j0 += 2)
                {
                    int cols = Math.Min(2, n - j0);
                    T* b0 = b + j0 * bColStride;
                    DotTile(k, a0, a1, a2, a3, b0, cols > 1 ? b0 + bColStride : b0, cRow + j0, cRowStride, rows, cols, alpha, beta);
                }
            }
            else if (m == 1)
            {
                for (int j0 = 0; j0 < n; j0 += 4 * w)
                    BroadcastRow(k, a0, aColStride, b + j0, bRowStride, cRow + j0, Math.Min(4 * w, n - j0), alpha, beta);
            }
            else
            {
                for (int j0 = 0; j0 < n; j0 += 2 * w)
                {
                    int cols = Math.Min(2 * w, n - j0);
                    BroadcastTile(k, a0, a1, a2, a3, aColStride, b + j0, bRowStride, cRow + j0, cRowStride, rows, cols, alpha, beta);
                }
            }
        }
    }

    /// <summary>
    /// C[0..rows, 0..cols) = alpha · A · B + beta · C for a tile of up to 4 rows × 2 vectors: per step of k, two
    /// (masked) vectors of a B row times four broadcast A elements, eight independent FMA chains.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BroadcastTile<T>(int k, T* a0, T* a1, T* a2, T* a3, nint aColStride, T* b, nint bRowStride,
        T* c, nint ldc, int rows, int cols, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> m0 = FirstLanes<T>(cols), m1 = FirstLanes<T>(cols - w);
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        nint offset = 0;
        for (int p = 0; p < k; p++, offset += aColStride, b += bRowStride)
        {
            Vector512<T> b0 = MaskLoad(b, m0), b1 = MaskLoad(b + w, m1);
            Vector512<T> x = Vector512.Create(a0[offset]);
            c00 = GemmMicroKernel512.Fma(x, b0, c00); c01 = GemmMicroKernel512.Fma(x, b1, c01);
            x = Vector512.Create(a1[offset]);
            c10 = GemmMicroKernel512.Fma(x, b0, c10); c11 = GemmMicroKernel512.Fma(x, b1, c11);
            x = Vector512.Create(a2[offset]);
            c20 = GemmMicroKernel512.Fma(x, b0, c20); c21 = GemmMicroKernel512.Fma(x, b1, c21);
            x = Vector512.Create(a3[offset]);
            c30 = GemmMicroKernel512.Fma(x, b0, c30); c31 = GemmMicroKernel512.Fma(x, b1, c31);
        }
        StoreRow(c, w, c00, c01, m0, m1, alpha, beta);
        if (rows > 1) StoreRow(c + ldc, w, c10, c11, m0, m1, alpha, beta);
        if (rows > 2) StoreRow(c + 2 * ldc, w, c20, c21, m0, m1, alpha, beta);
        if (rows > 3) StoreRow(c + 3 * ldc, w, c30, c31, m0, m1, alpha, beta);
    }

    /// <summary>
    /// The single-row case (x · B) of <see cref="BroadcastTile"/>: four vectors of one row instead of a 4-row tile
    /// of which three rows would be discarded. Its four FMA chains cannot hide the FMA latency, but a vector times
    /// a matrix is bound by streaming B from memory anyway.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BroadcastRow<T>(int k, T* a, nint aColStride, T* b, nint bRowStride, T* c, int cols, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> m0 = FirstLanes<T>(cols), m1 = FirstLanes<T>(cols - w);
        Vector512<T> m2 = FirstLanes<T>(cols - 2 * w), m3 = FirstLanes<T>(cols - 3 * w);
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default;
        for (int p = 0; p < k; p++, a += aColStride, b += bRowStride)
        {
            Vector512<T> x = Vector512.Create(*a);
            c0 = GemmMicroKernel512.Fma(x, MaskLoad(b, m0), c0);
            c1 = GemmMicroKernel512.Fma(x, MaskLoad(b + w, m1), c1);
            c2 = GemmMicroKernel512.Fma(x, MaskLoad(b + 2 * w, m2), c2);
            c3 = GemmMicroKernel512.Fma(x, MaskLoad(b + 3 * w, m3), c3);
        }
        StoreRow(c, w, c0, c1, m0, m1, alpha, beta);
        StoreRow(c + 2 * w, w, c2, c3, m2, m3, alpha, beta);
    }

    /// <summary>
    /// C[0..rows, 0..cols) for up to 4 contiguous A rows × 2 contiguous B columns: eight dot products advanced
    /// a vector of k at a time (the last one masked), then summed across lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotTile<T>(int k, T* a0, T* a1, T* a2, T* a3, T* b0, T* b1,
        T* c, nint ldc, int rows, int cols, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> s00 = default, s01 = default, s10 = default, s11 = default;
        Vector512<T> s20 = default, s21 = default, s30 = default, s31 = default;
        for (int p = 0; p < k; p += w)
        {
            Vector512<T> mask = FirstLanes<T>(k - p);
            Vector512<T> y0 = MaskLoad(b0 + p, mask), y1 = MaskLoad(b1 + p, mask);
            Vector512<T> x = MaskLoad(a0 + p, mask);
            s00 = GemmMicroKernel512.Fma(x, y0, s00); s01 = GemmMicroKernel512.Fma(x, y1, s01);
            x = MaskLoad(a1 + p, mask);
            s10 = GemmMicroKernel512.Fma(x, y0, s10); s11 = GemmMicroKernel512.Fma(x, y1, s11);
            x = MaskLoad(a2 + p, mask);
            s20 = GemmMicroKernel512.Fma(x, y0, s20); s21 = GemmMicroKernel512.Fma(x, y1, s21);
            x = MaskLoad(a3 + p, mask);
            s30 = GemmMicroKernel512.Fma(x, y0, s30); s31 = GemmMicroKernel512.Fma(x, y1, s31);
        }
        StorePair(c, s00, s01, cols, alpha, beta);
        if (rows > 1) StorePair(c + ldc, s10, s11, cols, alpha, beta);
        if (rows > 2) StorePair(c + 2 * ldc, s20, s21, cols, alpha, beta);
        if (rows > 3) StorePair(c + 3 * ldc, s30, s31, cols, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<T>(T* c, int w, Vector512<T> x0, Vector512<T> x1, Vector512<T> m0, Vector512<T> m1,
        T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        x0 *= Vector512.Create(alpha);
        x1 *= Vector512.Create(alpha);
        if (beta != T.Zero)
        {
            x0 = GemmMicroKernel512.Fma(Vector512.Create(beta), MaskLoad(c, m0), x0);
            x1 = GemmMicroKernel512.Fma(Vector512.Create(beta), MaskLoad(c + w, m1), x1);
        }
        MaskStore(c, m0, x0);
        MaskStore(c + w, m1, x1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair<T>(T* c, Vector512<T> s0, Vector512<T> s1, int cols, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        c[0] = Combine(Vector512.Sum(s0), c, alpha, beta);
        if (cols > 1)
            c[1] = Combine(Vector512.Sum(s1), c + 1, alpha, beta);
    }

    /// <summary>alpha · sum + beta · *c, where beta = 0 does not read *c (it may hold NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Combine<T>(T sum, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        beta == T.Zero ? alpha * sum : T.FusedMultiplyAdd(beta, *c, alpha * sum);

    /// <summary>A mask of the first <paramref name="count"/> lanes (none when count ≤ 0, all when count ≥ lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> FirstLanes<T>(int count)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>()
            : Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MaskLoad<T>(T* source, Vector512<T> mask)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Avx512F.MaskLoad((float*)source, mask.AsSingle(), Vector512<float>.Zero).As<float, T>()
            : Avx512F.MaskLoad((double*)source, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaskStore<T>(T* destination, Vector512<T> mask, Vector512<T> value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Avx512F.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
        else
            Avx512F.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
    }
}
