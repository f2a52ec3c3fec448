using System.Runtime.Intrinsics;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>Which micro-kernel the blocked GEMM uses.</summary>
internal enum GemmIsa
{
    /// <summary>8 × 2-vector tiles of <c>Vector512</c> (AVX-512F).</summary>
    Avx512,

    /// <summary>6 × 2-vector tiles of <c>Vector256</c> (AVX2/FMA3, or software vectors elsewhere).</summary>
    Avx2,
}

/// <summary>
/// Register and cache blocking of the GotoBLAS loop nest: the micro-tile (MR × NR) and the packed block sizes
/// KC (depth), MC (rows of packed A) and NC (columns of packed B), all in elements.
/// </summary>
/// <remarks>
/// Cache sizes of the development machine (AMD EPYC Zen 5, 2 cores): L1D 48 KiB, L2 1 MiB per core, L3 shared.
/// The loop order is jc → pc → ic → jr → ir: one KC × NR sliver of packed B stays in L1 while the MC × KC block of
/// packed A streams from L2 through the micro-kernel, and the KC × NC panel of B lives in L3.
/// The AVX-512 constants were checked by timing (bench/gemm): KC ∈ {128, 192, 256, 384}, MC ∈ {96, 192, 384} and
/// NC ∈ {1024, 2048, 4096} at 1024² and 2048² all landed within the run-to-run noise of the shared 2-core VM
/// (about ±10%), at 190–210 GFLOP/s on one thread, so the values below are the plausible middle rather than a
/// sharp optimum. The AVX2 constants follow the same reasoning and were not tuned.
/// </remarks>
internal readonly record struct GemmBlocking(GemmIsa Isa, int MR, int NR, int KC, int MC, int NC)
{
    /// <summary>The best micro-kernel this machine accelerates.</summary>
    public static GemmIsa DefaultIsa => Vector512.IsHardwareAccelerated ? GemmIsa.Avx512 : GemmIsa.Avx2;

    public static GemmBlocking For<T>(GemmIsa isa)
        where T : unmanaged
    {
        bool isFloat = typeof(T) == typeof(float);
        if (isa == GemmIsa.Avx512)
        {
            // KC: the B sliver (KC × NR) takes KC · 128 bytes for both types, 32 KiB of the 48 KiB L1 at KC = 256,
            // leaving room for the A sliver (8 or 16 KiB) streaming past it.
            // MC: the packed A block is 192 KiB for both types, a fifth of L2, so it stays resident while the next
            // B sliver and the C tiles pass through. NC: the 2–4 MiB B panel lives in L3.
            return isFloat
                ? new GemmBlocking(isa, GemmMicroKernel512.MR, 2 * Vector512<float>.Count, KC: 256, MC: 192, NC: 2048)
                : new GemmBlocking(isa, GemmMicroKernel512.MR, 2 * Vector512<double>.Count, KC: 256, MC: 96, NC: 2048);
        }
        return isFloat
            ? new GemmBlocking(isa, GemmMicroKernel256.MR, 2 * Vector256<float>.Count, KC: 256, MC: 96, NC: 2048)
            : new GemmBlocking(isa, GemmMicroKernel256.MR, 2 * Vector256<double>.Count, KC: 256, MC: 96, NC: 2048);
    }
}
