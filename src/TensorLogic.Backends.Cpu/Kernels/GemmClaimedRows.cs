using System.Numerics;
using System.Runtime.CompilerServices;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// One product on several threads that claim blocks of rows of A and C one at a time, instead of each running
/// the loop nest on a fixed share of the rows.
/// </summary>
/// <remarks>
/// <para>
/// The loop nest is that of <see cref="GemmBlocked"/>, walked in step by every participant: for each (jc, pc) step
/// a participant packs the B panel into its own buffer, claims row blocks (packing each A block and running the
/// macro-kernel over its panel) until none is left, and waits until every block of the step is done, because the
/// next step adds to the same elements of C and a block may go to another thread then.
/// </para>
/// <para>
/// Why: with a fixed split, a worker that starts late (a halted idle core on a VM takes tens of microseconds to
/// wake, as long as a whole 256³ product) or is descheduled by another process holds back the whole call with
/// its share; here it holds at most the block it is running, and the others take the rest. Each participant
/// still packs all of B: a shared panel, packed once, measured 4–14% slower at 256–1024 on two cores, as every
/// thread then reads half of the panel out of the other core's cache.
/// </para>
/// <para>
/// Claims are counters that only grow over the whole job, bounded per step, so no counter is ever reset while a
/// slow thread might still read it, and a thread that joins late walks through the finished steps without work.
/// Each element of C is still summed in the order of the serial nest (its depth blocks in order, each by one
/// micro-kernel call), so results do not depend on which thread took which block.
/// </para>
/// </remarks>
internal static unsafe class GemmClaimedRows
{
    private struct Job<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public GemmBlocking Blocking;
        public GemmProblem<T> Problem;
        public int RowBlock, RowBlocks;

        // Step s owns the range [s · RowBlocks, (s + 1) · RowBlocks) of both.
        public long BlockClaims, BlocksDone;
    }

    /// <summary>
    /// Whether the product suits row blocks: at least as tall as it is wide (each participant packs all of B, so B
    /// should be the smaller operand) and tall enough for every part to get several micro-tile rows.
    /// </summary>
    public static bool Suits<T>(in GemmBlocking blocking, in GemmProblem<T> problem, int parts)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        problem.M >= problem.N && problem.M >= 4 * parts * blocking.MR;

    public static void Run<T>(in GemmBlocking blocking, in GemmProblem<T> problem, int parts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rowBlock = RowBlock(problem.M, parts, blocking.MC, blocking.MR);
        var job = new Job<T>
        {
            Blocking = blocking,
            Problem = problem,
            RowBlock = rowBlock,
            RowBlocks = (problem.M + rowBlock - 1) / rowBlock,
        };
        GemmThreads.Run(parts, &Participate<T>, &job);
    }

    /// <summary>
    /// Rows per claimed block: at most MC (so a packed A block stays in L2), a whole number of micro-tiles, and
    /// small enough that there are at least four blocks per part, so that claiming can even out a thread that
    /// starts late; the block count is a multiple of the parts, so that equal threads finish together.
    /// </summary>
    internal static int RowBlock(int m, int parts, int mc, int mr)
    {
        int blocks = RoundUp(Math.Max((m + mc - 1) / mc, 4 * parts), parts);
        return Math.Min(mc, Math.Max(mr, RoundUp((m + blocks - 1) / blocks, mr)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Participate<T>(void* context, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref Job<T> job = ref *(Job<T>*)context;
        GemmBlocking bl = job.Blocking;
        GemmProblem<T> p = job.Problem;
        int rowBlock = job.RowBlock, rowBlocks = job.RowBlocks;
        int kcMax = Math.Min(bl.KC, p.K);
        T* packedA = GemmBuffers<T>.PackedA((nint)RoundUp(rowBlock, bl.MR) * kcMax);
        T* packedB = GemmBuffers<T>.PackedB((nint)RoundUp(Math.Min(bl.NC, p.N), bl.NR) * kcMax);
        T* tile = stackalloc T[bl.MR * bl.NR];
        long blockBase = 0;

        for (int jc = 0; jc < p.N; jc += bl.NC)
        {
            int nc = Math.Min(bl.NC, p.N - jc);
            for (int pc = 0; pc < p.K; pc += bl.KC, blockBase += rowBlocks)
            {
                // A thread that arrives when every block of the step is taken skips the packing.
                if (Volatile.Read(ref job.BlockClaims) >= blockBase + rowBlocks)
                {
                    WaitFor(ref job.BlocksDone, blockBase + rowBlocks);
                    continue;
                }
                int kc = Math.Min(bl.KC, p.K - pc);
                GemmPacking.PackB(kc, nc, p.B + pc * p.BRowStride + jc * p.BColStride, p.BRowStride, p.BColStride,
                    packedB, bl.NR);
                T beta = pc == 0 ? p.Beta : T.One;
                for (long claim; (claim = Claim(ref job.BlockClaims, blockBase + rowBlocks)) >= 0;)
                {
                    int ic = (int)(claim - blockBase) * rowBlock;
                    int mc = Math.Min(rowBlock, p.M - ic);
                    GemmPacking.PackA(mc, kc, p.A + ic * p.ARowStride + pc * p.AColStride, p.ARowStride, p.AColStride,
                        packedA, bl.MR);
                    GemmBlocked.MacroKernel(bl, mc, nc, kc, packedA, packedB, p.C + ic * p.CRowStride + jc,
                        p.CRowStride, p.Alpha, beta, tile);
                    Interlocked.Increment(ref job.BlocksDone);
                }
                WaitFor(ref job.BlocksDone, blockBase + rowBlocks);
            }
        }
    }

    /// <summary>Takes the next value of <paramref name="counter"/> if it is below <paramref name="bound"/>; else -1.</summary>
    private static long Claim(ref long counter, long bound)
    {
        while (true)
        {
            long current = Volatile.Read(ref counter);
            if (current >= bound)
                return -1;
            if (Interlocked.CompareExchange(ref counter, current + 1, current) == current)
                return current;
        }
    }

    /// <summary>
    /// Waits for the other participants to finish the blocks they claimed. <see cref="SpinWait"/> yields now and
    /// then, so a participant descheduled mid-block gets the core back.
    /// </summary>
    private static void WaitFor(ref long counter, long target)
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref counter) < target)
            spinner.SpinOnce(sleep1Threshold: -1);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
