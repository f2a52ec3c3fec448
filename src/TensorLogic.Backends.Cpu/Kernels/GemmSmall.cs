using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// Unpacked kernels for products too small to repay packing, and for matrix–vector shapes where packing would
/// pad a single row or column up to a whole micro-tile.
/// </summary>
/// <remarks>
/// Two layouts are handled directly: B with unit column stride (each C row is a sum of scaled B rows, vectorized
/// along n) and A rows · B columns both contiguous (each C element is a dot product, vectorized along k). Other
/// layouts go to the blocked path, whose packing absorbs any strides.
/// </remarks>
internal static unsafe class GemmSmall
{
    /// <summary>Whether <see cref="Run"/> handles this operand layout.</summary>
    public static bool Supports(nint aColStride, nint bRowStride, nint bColStride) =>
        bColStride == 1 || (aColStride == 1 && bRowStride == 1);

    public static void Run<T>(int m, int n, int k,
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bColStride == 1)
        {
            for (int i = 0; i < m; i++)
                RowTimesMatrix(n, k, a + i * aRowStride, aColStride, b, bRowStride, c + i * cRowStride, alpha, beta);
        }
        else
        {
            for (int i = 0; i < m; i++)
                RowDotColumns(n, k, a + i * aRowStride, b, bColStride, c + i * cRowStride, alpha, beta);
        }
    }

    /// <summary>
    /// c[0..n) = alpha · Σ_p a[p] · B[p, 0..n) + beta · c, four vectors of columns at a time; a scalar loop where
    /// AVX-512 is missing (only small products come here, so the fallback was left simple).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTimesMatrix<T>(int n, int k, T* a, nint aStride, T* b, nint bRowStride, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        int j = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            for (; j + 4 * w <= n; j += 4 * w)
                Columns4(k, a, aStride, b + j, bRowStride, c + j, alpha, beta);
            for (; j + w <= n; j += w)
                Columns1(k, a, aStride, b + j, bRowStride, c + j, alpha, beta);
            if (j < n)
                ColumnsTail(n - j, k, a, aStride, b + j, bRowStride, c + j, alpha, beta);
            return;
        }
        for (; j < n; j++)
        {
            T sum = T.Zero;
            for (int p = 0; p < k; p++)
                sum += a[p * aStride] * b[p * bRowStride + j];
            Combine(sum, c + j, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns4<T>(int k, T* a, nint aStride, T* b, nint bRowStride, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int p = 0; p < k; p++, a += aStride, b += bRowStride)
        {
            var ap = Vector512.Create(*a);
            s0 = GemmMicroKernel512.Fma(ap, Vector512.Load(b), s0);
            s1 = GemmMicroKernel512.Fma(ap, Vector512.Load(b + w), s1);
            s2 = GemmMicroKernel512.Fma(ap, Vector512.Load(b + 2 * w), s2);
            s3 = GemmMicroKernel512.Fma(ap, Vector512.Load(b + 3 * w), s3);
        }
        Store(s0, c, alpha, beta);
        Store(s1, c + w, alpha, beta);
        Store(s2, c + 2 * w, alpha, beta);
        Store(s3, c + 3 * w, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns1<T>(int k, T* a, nint aStride, T* b, nint bRowStride, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> s = default;
        for (int p = 0; p < k; p++, a += aStride, b += bRowStride)
            s = GemmMicroKernel512.Fma(Vector512.Create(*a), Vector512.Load(b), s);
        Store(s, c, alpha, beta);
    }

    /// <summary>
    /// The last <paramref name="count"/> &lt; one vector of columns, with masked loads and stores (which neither
    /// touch nor fault on the elements past the end), so narrow products are not left to a scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnsTail<T>(int count, int k, T* a, nint aStride, T* b, nint bRowStride, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> mask = typeof(T) == typeof(float)
            ? Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>()
            : Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>();
        Vector512<T> s = default;
        for (int p = 0; p < k; p++, a += aStride, b += bRowStride)
            s = GemmMicroKernel512.Fma(Vector512.Create(*a), MaskLoad(b, mask), s);
        s *= Vector512.Create(alpha);
        if (beta != T.Zero)
            s = GemmMicroKernel512.Fma(Vector512.Create(beta), MaskLoad(c, mask), s);
        if (typeof(T) == typeof(float))
            Avx512F.MaskStore((float*)c, mask.AsSingle(), s.AsSingle());
        else
            Avx512F.MaskStore((double*)c, mask.AsDouble(), s.AsDouble());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MaskLoad<T>(T* source, Vector512<T> mask)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Avx512F.MaskLoad((float*)source, mask.AsSingle(), Vector512<float>.Zero).As<float, T>()
            : Avx512F.MaskLoad((double*)source, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();

    /// <summary>c[j] = alpha · dot(a[0..k), B[0..k, j]) + beta · c[j] for contiguous A rows and B columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowDotColumns<T>(int n, int k, T* a, T* b, nint bColStride, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var row = new ReadOnlySpan<T>(a, k);
        for (int j = 0; j < n; j++)
            Combine(TensorPrimitives.Dot(row, new ReadOnlySpan<T>(b + j * bColStride, k)), c + j, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector512<T> sum, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        sum *= Vector512.Create(alpha);
        if (beta != T.Zero)
            sum = GemmMicroKernel512.Fma(Vector512.Create(beta), Vector512.Load(c), sum);
        Vector512.Store(sum, c);
    }

    /// <summary>*c = alpha · sum + beta · *c, where beta = 0 does not read *c (it may hold NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Combine<T>(T sum, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        *c = beta == T.Zero ? alpha * sum : alpha * sum + beta * *c;
}
