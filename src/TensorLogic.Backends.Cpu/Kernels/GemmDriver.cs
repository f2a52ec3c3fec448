using System.Numerics;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// Chooses how one product or batch is computed: trivially (no depth or zero alpha), by an unpacked small kernel,
/// by the blocked kernel on one thread, or split across threads.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>
    /// Below this many multiply-adds (80³) the unpacked kernels run on one thread. Measured single-threaded they
    /// beat packing up to about 80³ (48³: 138 vs 92 GFLOP/s) and tie at 96³; from about 81³ the blocked path also
    /// gets a second thread.
    /// </summary>
    public const long SmallWork = 80L * 80 * 80;

    /// <summary>
    /// Each extra thread must bring at least this much work (64³) to repay its wake-up and its own packing: on two
    /// cores a 96³ product measured 250 GFLOP/s on two threads against 182 on one.
    /// </summary>
    public const long MinWorkPerThread = 64L * 64 * 64;

    public static void Multiply<T>(GemmProblem<T> problem, int threads, GemmIsa isa)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (problem.M == 0 || problem.N == 0)
            return;
        if (problem.K == 0 || problem.Alpha == T.Zero)
        {
            ScaleC(problem);
            return;
        }
        problem.NormalizeUnusedStrides();
        if (problem.M == 1 && problem.N > 1 && problem.BRowStride == 1 && problem.AColStride == 1)
            problem = problem.TransposedRow();
        if (UseSmallKernel(problem))
        {
            RunSmall(problem);
            return;
        }
        if (UseSmallKernelOnPackedB(problem))
        {
            RunSmallOnPackedB(problem);
            return;
        }

        var blocking = GemmBlocking.For<T>(isa);
        int parts = ThreadCount(threads, problem.Work);
        if (parts == 1)
            RunBlocked(blocking, problem);
        else
            GemmParallel.Split(blocking, problem, parts);
    }

    public static void MultiplyBatched<T>(int batch, GemmProblem<T> first,
        nint aBatchStride, nint bBatchStride, nint cBatchStride, int threads, GemmIsa isa)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int parts = ThreadCount(threads, first.Work * batch);
        if (parts > 1 && GemmParallel.PreferSplittingBatch(batch, parts, first.Work))
        {
            GemmParallel.SplitBatch(batch, first, aBatchStride, bBatchStride, cBatchStride, parts, isa);
            return;
        }
        for (int item = 0; item < batch; item++)
            Multiply(BatchItem(first, item, aBatchStride, bBatchStride, cBatchStride), threads, isa);
    }

    public static GemmProblem<T> BatchItem<T>(GemmProblem<T> first, int item,
        nint aBatchStride, nint bBatchStride, nint cBatchStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        first.A += item * aBatchStride;
        first.B += item * bBatchStride;
        first.C += item * cBatchStride;
        return first;
    }

    /// <summary>Requested threads (0 = all cores), reduced so that every thread gets a worthwhile share.</summary>
    public static int ThreadCount(int requested, long work)
    {
        int threads = requested > 0 ? requested : Environment.ProcessorCount;
        return (int)Math.Clamp(work / MinWorkPerThread, 1, threads);
    }

    public static bool UseSmallKernel<T>(in GemmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GemmSmall.Supports(p.N, p.AColStride, p.BRowStride, p.BColStride)
        && (p.Work < SmallWork || Math.Min(p.M, p.N) == 1);

    /// <summary>
    /// Most elements of B that <see cref="RunSmallOnPackedB"/> copies onto the stack (16 KB of doubles).
    /// </summary>
    public const int MaxPackedB = 2048;

    /// <summary>
    /// A small product whose B has strided columns (<c>t[pjk, s] = Σ_l t0[pjk, l] D[s, l]</c>, B = Dᵀ), which
    /// the unpacked kernels cannot read. The blocked path would pack all of A as well, padded to its tiles, for
    /// a product of a few microseconds; copying B alone to unit column stride costs K·N element moves.
    /// </summary>
    public static bool UseSmallKernelOnPackedB<T>(in GemmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        p.Work < SmallWork && (long)p.K * p.N <= MaxPackedB && GemmSmall.Supports(p.N, p.AColStride, p.N, 1);

    public static void RunSmallOnPackedB<T>(GemmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* packed = stackalloc T[p.K * p.N];
        for (int row = 0; row < p.K; row++)
        {
            T* from = p.B + row * p.BRowStride;
            T* to = packed + row * p.N;
            for (int column = 0; column < p.N; column++)
                to[column] = from[column * p.BColStride];
        }
        p.B = packed;
        p.BRowStride = p.N;
        p.BColStride = 1;
        RunSmall(p);
    }

    public static void RunSmall<T>(in GemmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GemmSmall.Run(p.M, p.N, p.K, p.A, p.ARowStride, p.AColStride, p.B, p.BRowStride, p.BColStride,
            p.C, p.CRowStride, p.Alpha, p.Beta);

    public static void RunBlocked<T>(in GemmBlocking blocking, in GemmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GemmBlocked.Run(blocking, p.M, p.N, p.K, p.A, p.ARowStride, p.AColStride, p.B, p.BRowStride, p.BColStride,
            p.C, p.CRowStride, p.Alpha, p.Beta);

    /// <summary>C = beta · C, the whole result when there is nothing to multiply; beta = 0 writes zeros.</summary>
    private static void ScaleC<T>(in GemmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < p.M; i++)
        {
            var row = new Span<T>(p.C + i * p.CRowStride, p.N);
            if (p.Beta == T.Zero)
                row.Clear();
            else
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, p.Beta, row);
        }
    }
}
