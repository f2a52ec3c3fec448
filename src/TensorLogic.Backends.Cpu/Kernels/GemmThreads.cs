using System.Diagnostics;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// A small fixed set of worker threads that run the parts of one parallel GEMM. Work is described by an unmanaged
/// function pointer and a pointer to the caller's stack, so dispatching allocates nothing and costs a wake-up
/// rather than a task.
/// </summary>
/// <remarks>
/// <para>
/// Parts are claimed, not assigned: the caller and every woken worker take the next unclaimed part until none is
/// left, and the caller then waits only for parts already running. On a busy machine, where a worker may not be
/// scheduled for milliseconds, the caller simply runs that worker's part itself, so a parallel call is never much
/// slower than a serial one. Results do not depend on who runs a part, because the partition is fixed.
/// </para>
/// <para>
/// One parallel GEMM owns the workers at a time. A caller that finds them owned (another thread's GEMM, or a GEMM
/// started from inside a part) runs all its parts itself.
/// </para>
/// <para>
/// Waking a blocked thread costs tens of microseconds on the development VM, as much as a whole 128³ product.
/// Workers therefore spin for <see cref="SpinMicroseconds"/> before blocking, so the back-to-back products of an
/// evaluation loop find their workers awake.
/// </para>
/// </remarks>
internal static unsafe class GemmThreads
{
    private const int SpinMicroseconds = 100;

    // 1 while a parallel GEMM owns the workers. Not a Monitor, because a Monitor is re-entrant and a part that
    // started another parallel GEMM on the same thread must not take the workers from under itself.
    private static int s_busy;
    private static Worker[] s_workers = [];

    // The current job: its body and context, and a claim word packing (generation << 32 | parts << 16 | next part).
    // A claim succeeds only while the word still carries the claimant's generation and next < parts; a part that
    // is claimed but not finished keeps its job (and the caller's stack frame) alive, so body and context read
    // after a successful claim always belong to that job.
    private static delegate*<void*, int, void> s_body;
    private static void* s_context;
    private static long s_claims;
    private static int s_unfinished;
    private static int s_generation;

    // The caller sleeps on this gate for parts still running on workers. A plain monitor rather than a
    // ManualResetEventSlim, which allocates its lock object on the first wait that blocks.
    private static readonly object s_doneGate = new();

    /// <summary>Runs <c>body(context, part)</c> for every part in [0, <paramref name="parts"/>), in parallel where it can.</summary>
    public static void Run(int parts, delegate*<void*, int, void> body, void* context)
    {
        if (parts <= 1 || parts > ushort.MaxValue || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++)
                body(context, part);
            return;
        }

        try
        {
            EnsureWorkers(parts - 1);
            int generation = ++s_generation;
            s_body = body;
            s_context = context;
            Volatile.Write(ref s_unfinished, parts);
            Interlocked.Exchange(ref s_claims, ((long)generation << 32) | ((long)parts << 16));
            for (int i = 0; i < parts - 1; i++)
                s_workers[i].Post(generation);
            RunClaimedParts(generation);
            WaitUntilFinished();
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Claims and runs parts of job <paramref name="generation"/> until none is left.</summary>
    private static void RunClaimedParts(int generation)
    {
        while (true)
        {
            long claims = Volatile.Read(ref s_claims);
            int parts = (int)(claims >> 16) & 0xFFFF, next = (int)claims & 0xFFFF;
            if ((int)(claims >> 32) != generation || next >= parts)
                return;
            if (Interlocked.CompareExchange(ref s_claims, claims + 1, claims) != claims)
                continue;
            s_body(s_context, next);
            if (Interlocked.Decrement(ref s_unfinished) == 0)
            {
                lock (s_doneGate)
                    Monitor.PulseAll(s_doneGate);
            }
        }
    }

    /// <summary>
    /// Waits for the parts other threads are still running. The check and the wait happen under the gate that the
    /// last finisher pulses after its decrement, so the wake-up cannot be missed.
    /// </summary>
    private static void WaitUntilFinished()
    {
        var spinner = new SpinWait();
        for (int i = 0; i < 100 && Volatile.Read(ref s_unfinished) != 0; i++)
            spinner.SpinOnce(sleep1Threshold: -1);
        lock (s_doneGate)
        {
            while (Volatile.Read(ref s_unfinished) != 0)
                Monitor.Wait(s_doneGate);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count)
            return;
        var workers = new Worker[count];
        Array.Copy(s_workers, workers, s_workers.Length);
        for (int i = s_workers.Length; i < count; i++)
            workers[i] = new Worker(i + 1);
        s_workers = workers;
    }

    /// <summary>One background thread that, when posted a job generation, helps run that job's parts.</summary>
    private sealed class Worker
    {
        private readonly ManualResetEventSlim _go = new(false);
        private int _generation;
        private int _posted;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"TensorLogic GEMM worker {index}" };
            thread.Start();
        }

        public void Post(int generation)
        {
            Volatile.Write(ref _generation, generation);
            Volatile.Write(ref _posted, 1);
            _go.Set();
        }

        private void Loop()
        {
            while (true)
            {
                // _posted is written before _go is set, so a Reset that swallows a Set is always followed by a
                // check that sees the post; a stale Set only costs one more trip round the loop.
                SpinUntilPosted();
                while (Volatile.Read(ref _posted) == 0)
                {
                    _go.Wait();
                    _go.Reset();
                }
                Volatile.Write(ref _posted, 0);
                RunClaimedParts(Volatile.Read(ref _generation));
            }
        }

        /// <summary>
        /// Spins for a while in case the next job comes soon. <see cref="SpinWait"/> yields the core now and then,
        /// which matters when the machine is busy and the thread that will post is queued behind this one.
        /// </summary>
        private void SpinUntilPosted()
        {
            long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
            var spinner = new SpinWait();
            while (Volatile.Read(ref _posted) == 0 && Stopwatch.GetTimestamp() < deadline)
                spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
