using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json.Nodes;

namespace TensorLogic.Bench;

/// <summary>
/// The machine's float32 peak, measured rather than taken from a datasheet: every thread of the run spins on
/// fused multiply-adds of the widest vectors the JIT accelerates, with no loads or stores, so the loop is
/// bounded by the FMA units alone. A case's GFLOP/s over this number is how much of the hardware it uses.
/// Twelve independent accumulators per thread: an FMA's latency is about four cycles and a core issues two per
/// cycle, so at least eight must be in flight; fewer would measure the latency instead of the throughput.
/// </summary>
public static class PeakFlops
{
    private const int Chains = 12;

    /// <summary>One pass of the loop per thread; long enough (tens of milliseconds) that starting the threads is noise.</summary>
    private const long Iterations = 20_000_000;

    /// <summary>The best of several trials: on a shared machine a neighbour's burst only ever lowers a trial.</summary>
    private const int Trials = 7;

    /// <summary>The measurement as a JSON line, or one that says why there is none (no FMA instructions).</summary>
    public static JsonObject Measure(int threads)
    {
        var line = new JsonObject { ["peer"] = "peak", ["threads"] = threads, ["chains"] = Chains };
        if (Width() is not { } width)
        {
            line["error"] = "no FMA instructions that .NET accelerates (AVX-512F or FMA3): peak not measured";
            return line;
        }
        var flopsPerTrial = 2.0 * Chains * (width / 32) * Iterations * threads;
        var best = double.MaxValue;
        for (var trial = 0; trial < Trials; trial++)
            best = Math.Min(best, SecondsOnAllThreads(threads, width));
        line["vectorBits"] = width;
        line["gflops"] = Math.Round(flopsPerTrial / best / 1e9, 1);
        line["what"] = $"float32 FMA loop, Vector{width}, {Chains} accumulators per thread, {threads} threads, best of {Trials}";
        return line;
    }

    private static int? Width() =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? 512
        : Fma.IsSupported && Vector256.IsHardwareAccelerated ? 256
        : null;

    /// <summary>Wall time from releasing every thread together until the last one finishes its loop.</summary>
    private static double SecondsOnAllThreads(int threads, int width)
    {
        using var start = new Barrier(threads + 1);
        var sink = new float[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            sink[t] = width == 512 ? Loop512(Iterations) : Loop256(Iterations);
        })).ToList();
        workers.ForEach(w => w.Start());
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        workers.ForEach(w => w.Join());
        // The sums are kept so that the JIT cannot drop the loops as dead code.
        GC.KeepAlive(sink);
        return clock.Elapsed.TotalSeconds;
    }

    // The multiplier is just below 1 and the addend small, so the accumulators neither overflow nor go denormal
    // (denormals would take a slow path and measure that instead).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Loop512(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var c = Vector512.Create(1e-6f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0,
            a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c);
            a1 = Avx512F.FusedMultiplyAdd(a1, m, c);
            a2 = Avx512F.FusedMultiplyAdd(a2, m, c);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, c);
            a4 = Avx512F.FusedMultiplyAdd(a4, m, c);
            a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, c);
            a7 = Avx512F.FusedMultiplyAdd(a7, m, c);
            a8 = Avx512F.FusedMultiplyAdd(a8, m, c);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, c);
            a10 = Avx512F.FusedMultiplyAdd(a10, m, c);
            a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Loop256(long iterations)
    {
        var m = Vector256.Create(0.999999f);
        var c = Vector256.Create(1e-6f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0,
            a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c);
            a1 = Fma.MultiplyAdd(a1, m, c);
            a2 = Fma.MultiplyAdd(a2, m, c);
            a3 = Fma.MultiplyAdd(a3, m, c);
            a4 = Fma.MultiplyAdd(a4, m, c);
            a5 = Fma.MultiplyAdd(a5, m, c);
            a6 = Fma.MultiplyAdd(a6, m, c);
            a7 = Fma.MultiplyAdd(a7, m, c);
            a8 = Fma.MultiplyAdd(a8, m, c);
            a9 = Fma.MultiplyAdd(a9, m, c);
            a10 = Fma.MultiplyAdd(a10, m, c);
            a11 = Fma.MultiplyAdd(a11, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
