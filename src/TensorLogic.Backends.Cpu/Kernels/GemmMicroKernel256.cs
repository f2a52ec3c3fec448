using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// The AVX2 fallback micro-kernel for machines without AVX-512: an <see cref="MR"/> × (2 · <c>Vector256&lt;T&gt;.Count</c>)
/// tile (6 × 16 floats or 6 × 8 doubles) in 12 ymm accumulators.
/// </summary>
/// <remarks>
/// Why 6 rows: without AVX-512 there are only 16 vector registers, and 12 accumulators + 2 B vectors + 1 broadcast
/// is the largest tile that does not spill (the classic Haswell BLIS shape).
/// </remarks>
internal static unsafe class GemmMicroKernel256
{
    public const int MR = 6;

    /// <summary>Computes <c>C[0..MR, 0..NR) = alpha · Apanel · Bpanel + beta · C</c>; beta = 0 never reads C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default, c50 = default, c51 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.LoadAligned(b);
            Vector256<T> b1 = Vector256.LoadAligned(b + w);
            Vector256<T> ai = Vector256.Create(a[0]);
            c00 = Fma(ai, b0, c00); c01 = Fma(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Fma(ai, b0, c10); c11 = Fma(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Fma(ai, b0, c20); c21 = Fma(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Fma(ai, b0, c30); c31 = Fma(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Fma(ai, b0, c40); c41 = Fma(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Fma(ai, b0, c50); c51 = Fma(ai, b1, c51);
            a += MR;
            b += 2 * w;
        }

        Vector256<T> va = Vector256.Create(alpha), vb = Vector256.Create(beta);
        bool readC = beta != T.Zero;
        StoreRow(c, w, c00, c01, va, vb, readC); c += ldc;
        StoreRow(c, w, c10, c11, va, vb, readC); c += ldc;
        StoreRow(c, w, c20, c21, va, vb, readC); c += ldc;
        StoreRow(c, w, c30, c31, va, vb, readC); c += ldc;
        StoreRow(c, w, c40, c41, va, vb, readC); c += ldc;
        StoreRow(c, w, c50, c51, va, vb, readC);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<T>(T* c, int w, Vector256<T> x0, Vector256<T> x1,
        Vector256<T> alpha, Vector256<T> beta, bool readC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        x0 *= alpha;
        x1 *= alpha;
        if (readC)
        {
            x0 = Fma(beta, Vector256.Load(c), x0);
            x1 = Fma(beta, Vector256.Load(c + w), x1);
        }
        Vector256.Store(x0, c);
        Vector256.Store(x1, c + w);
    }

    /// <summary>
    /// Fused where the hardware has FMA3, a separate multiply and add otherwise (a software-emulated fused
    /// multiply-add would be far slower than the rounding difference is worth).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector256.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector256.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }
}
