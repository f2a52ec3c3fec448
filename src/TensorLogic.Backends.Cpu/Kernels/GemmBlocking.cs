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
/// The loop order is jc → pc → ic → jr → ir: one KC × NR sliver of packed B stays in L1 while the MC × KC block of
/// packed A streams from L2 through the micro-kernel, and the KC × NC panel of B lives in L3. The AVX-512 KC and MC
/// follow this machine's L1D and L2 (<see cref="GemmCaches"/>) by the proportions below, which were tuned on an
/// AMD EPYC Zen 5 (2 cores, L1D 48 KiB, L2 1 MiB): KC ∈ {128, 192, 256, 384}, MC ∈ {96, 192, 384} and
/// NC ∈ {1024, 2048, 4096} at 1024² and 2048² all landed within the run-to-run noise of the shared 2-core VM
/// (about ±10%), at 190–210 GFLOP/s on one thread, so the values are the plausible middle rather than a sharp
/// optimum. On an Intel Xeon (Emerald Rapids class, L1D 48 KiB, L2 2 MiB) the same proportions give MC = 384
/// floats, which measured the same as 192 within 2% (1024² and 2048², one and two threads), as did NC = 1024.
/// The AVX2 constants follow the same reasoning and were not tuned.
/// </remarks>
internal readonly record struct GemmBlocking(GemmIsa Isa, int MR, int NR, int KC, int MC, int NC)
{
    /// <summary>The best micro-kernel this machine accelerates.</summary>
    public static GemmIsa DefaultIsa => Vector512.IsHardwareAccelerated ? GemmIsa.Avx512 : GemmIsa.Avx2;

    public static GemmBlocking For<T>(GemmIsa isa)
        where T : unmanaged =>
        For<T>(isa, GemmCaches.Machine);

    public static unsafe GemmBlocking For<T>(GemmIsa isa, GemmCaches caches)
        where T : unmanaged
    {
        bool isFloat = typeof(T) == typeof(float);
        if (isa == GemmIsa.Avx512)
        {
            int nr = 2 * Vector512<T>.Count, mr = GemmMicroKernel512.MR;
            // KC: the B sliver (KC × NR, 128 bytes a step for both types) takes two thirds of L1D (KC = 256 in
            // 48 KiB), leaving room for the A sliver (8 or 16 KiB at KC = 256) streaming past it.
            int kc = Math.Clamp(RoundDown((int)(caches.L1Data * 2 / 3 / (nr * sizeof(T))), 32), 128, 512);
            // MC: the packed A block takes 3/16 of L2 (192 KiB of 1 MiB), so it stays resident while the next B
            // sliver and the C tiles pass through. NC: the 2–4 MiB B panel lives in L3.
            int mc = Math.Clamp(RoundDown((int)(caches.L2 * 3 / 16 / ((long)kc * sizeof(T))), mr), 4 * mr, 96 * mr);
            return new GemmBlocking(isa, mr, nr, KC: kc, MC: mc, NC: 2048);
        }
        return isFloat
            ? new GemmBlocking(isa, GemmMicroKernel256.MR, 2 * Vector256<float>.Count, KC: 256, MC: 96, NC: 2048)
            : new GemmBlocking(isa, GemmMicroKernel256.MR, 2 * Vector256<double>.Count, KC: 256, MC: 96, NC: 2048);
    }

    private static int RoundDown(int value, int multiple) => value / multiple * multiple;
}
