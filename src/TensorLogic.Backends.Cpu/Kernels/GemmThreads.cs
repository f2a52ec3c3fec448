using System.Diagnostics;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// A small fixed set of worker threads that run the parts of one parallel GEMM: part 0 on the caller, parts
/// 1..n−1 on workers. Work is described by an unmanaged function pointer and a pointer to the caller's stack, so
/// dispatching allocates nothing and costs a wake-up rather than a task.
/// </summary>
/// <remarks>
/// <para>
/// One parallel GEMM runs at a time. A caller that finds the workers busy (another thread's GEMM, or a GEMM
/// started from inside a worker) runs all parts itself: slower, but never a deadlock and always the same result,
/// because the partition does not depend on who executes it.
/// </para>
/// <para>
/// Waking a blocked thread costs tens of microseconds on the development VM, as much as a whole 128³ product.
/// Workers and the waiting caller therefore spin for <see cref="SpinMicroseconds"/> before blocking, so the
/// back-to-back products of an evaluation loop find their workers awake.
/// </para>
/// </remarks>
internal static unsafe class GemmThreads
{
    private const int SpinMicroseconds = 100;

    // 1 while a parallel GEMM owns the workers. Not a Monitor, because a Monitor is re-entrant and a body that
    // started another parallel GEMM on the same thread must not take the workers from under itself.
    private static int s_busy;
    private static Worker[] s_workers = [];

    // The job being run; written by the owner of s_busy before the workers are released and read by them afterwards.
    private static delegate*<void*, int, void> s_body;
    private static void* s_context;
    private static int s_pending;
    private static readonly ManualResetEventSlim s_done = new(false);

    /// <summary>Runs <c>body(context, part)</c> for every part in [0, <paramref name="parts"/>), in parallel where it can.</summary>
    public static void Run(int parts, delegate*<void*, int, void> body, void* context)
    {
        if (parts <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++)
                body(context, part);
            return;
        }

        try
        {
            EnsureWorkers(parts - 1);
            s_body = body;
            s_context = context;
            s_done.Reset();
            Volatile.Write(ref s_pending, parts - 1);
            for (int part = 1; part < parts; part++)
                s_workers[part - 1].Start(part);
            body(context, 0);
            if (!SpinUntil(ref s_pending, zero: true))
                s_done.Wait();
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
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

    private static void Finish()
    {
        if (Interlocked.Decrement(ref s_pending) == 0)
            s_done.Set();
    }

    /// <summary>
    /// Spins until <paramref name="location"/> is zero (or non-zero) or the spin budget is spent; returns whether
    /// the condition was met. <see cref="SpinWait"/> yields the core now and then, which matters when the machine
    /// is busy and the thread we wait for is queued behind us on the same core.
    /// </summary>
    private static bool SpinUntil(ref int location, bool zero)
    {
        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        var spinner = new SpinWait();
        while ((Volatile.Read(ref location) == 0) != zero)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                return false;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    /// <summary>One background thread that waits for a part number and runs the current job's body on it.</summary>
    private sealed class Worker
    {
        private readonly ManualResetEventSlim _go = new(false);
        private int _part;
        private int _posted;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"TensorLogic GEMM worker {index}" };
            thread.Start();
        }

        public void Start(int part)
        {
            _part = part;
            Volatile.Write(ref _posted, 1);
            _go.Set();
        }

        private void Loop()
        {
            while (true)
            {
                // _posted is written before _go is set, so a Reset that swallows a Set is always followed by a
                // check that sees the post; a stale Set only costs one more trip round the loop.
                SpinUntil(ref _posted, zero: false);
                while (Volatile.Read(ref _posted) == 0)
                {
                    _go.Wait();
                    _go.Reset();
                }
                _posted = 0;
                s_body(s_context, _part);
                Finish();
            }
        }
    }
}
