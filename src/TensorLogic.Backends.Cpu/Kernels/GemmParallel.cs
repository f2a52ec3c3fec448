using System.Numerics;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// Splits a product into independent parts for <see cref="GemmThreads"/>: one product by rows or columns of C,
/// or a batch by items.
/// </summary>
/// <remarks>
/// A tall product goes to <see cref="GemmClaimedRows"/>, whose threads claim row blocks as they go. Otherwise each
/// part runs the whole blocked algorithm on a fixed share of C with its own packing buffers, so parts never
/// synchronize. In both, every thread packs the operand the parts share (all of B for rows); at the sizes where
/// threads are used that is a few percent of the work, and it keeps each thread's panel in its own core's cache.
/// </remarks>
internal static unsafe class GemmParallel
{
    private struct SplitJob<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public GemmBlocking Blocking;
        public GemmProblem<T> Problem;
        public int Parts;
        public bool ByRows;
    }

    private struct BatchJob<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public GemmProblem<T> First;
        public nint ABatchStride, BBatchStride, CBatchStride;
        public int Batch, Parts;
        public GemmIsa Isa;
    }

    /// <summary>
    /// Runs one product on <paramref name="parts"/> threads: by claimed row blocks when it is tall enough, else
    /// splitting the longer of m and n in whole micro-tiles so that no thread gets a ragged tile in the middle of C.
    /// </summary>
    public static void Split<T>(in GemmBlocking blocking, in GemmProblem<T> problem, int parts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (GemmClaimedRows.Suits(blocking, problem, parts))
        {
            GemmClaimedRows.Run(blocking, problem, parts);
            return;
        }
        bool byRows = problem.M >= problem.N;
        int tiles = byRows ? Ceiling(problem.M, blocking.MR) : Ceiling(problem.N, blocking.NR);
        var job = new SplitJob<T>
        {
            Blocking = blocking,
            Problem = problem,
            Parts = Math.Min(parts, tiles),
            ByRows = byRows,
        };
        GemmThreads.Run(job.Parts, &RunSplitPart<T>, &job);
    }

    /// <summary>
    /// Whether to give whole batch items to threads rather than splitting each item: when items divide evenly, or
    /// are many, or are each too small to split.
    /// </summary>
    public static bool PreferSplittingBatch(int batch, int parts, long itemWork) =>
        batch >= parts && (batch % parts == 0 || batch >= 4 * parts || itemWork < parts * GemmDriver.MinWorkPerThread);

    public static void SplitBatch<T>(int batch, in GemmProblem<T> first,
        nint aBatchStride, nint bBatchStride, nint cBatchStride, int parts, GemmIsa isa)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var job = new BatchJob<T>
        {
            First = first,
            ABatchStride = aBatchStride,
            BBatchStride = bBatchStride,
            CBatchStride = cBatchStride,
            Batch = batch,
            Parts = Math.Min(parts, batch),
            Isa = isa,
        };
        GemmThreads.Run(job.Parts, &RunBatchPart<T>, &job);
    }

    private static void RunSplitPart<T>(void* context, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref SplitJob<T> job = ref *(SplitJob<T>*)context;
        int step = job.ByRows ? job.Blocking.MR : job.Blocking.NR;
        int extent = job.ByRows ? job.Problem.M : job.Problem.N;
        var (start, end) = Share(Ceiling(extent, step), job.Parts, part);
        start = Math.Min(start * step, extent);
        end = Math.Min(end * step, extent);
        if (start == end)
            return;
        var slice = job.ByRows ? job.Problem.Rows(start, end) : job.Problem.Columns(start, end);
        GemmDriver.RunBlocked(job.Blocking, slice);
    }

    private static void RunBatchPart<T>(void* context, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref BatchJob<T> job = ref *(BatchJob<T>*)context;
        var (start, end) = Share(job.Batch, job.Parts, part);
        for (int item = start; item < end; item++)
        {
            var problem = GemmDriver.BatchItem(job.First, item, job.ABatchStride, job.BBatchStride, job.CBatchStride);
            GemmDriver.Multiply(problem, threads: 1, job.Isa);
        }
    }

    /// <summary>The contiguous share [start, end) of <paramref name="count"/> units that part <paramref name="part"/> gets.</summary>
    private static (int Start, int End) Share(int count, int parts, int part) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    private static int Ceiling(int value, int step) => (value + step - 1) / step;
}
