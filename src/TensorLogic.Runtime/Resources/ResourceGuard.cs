using System.Diagnostics;
using System.Globalization;
using TensorLogic.Compiler.IR;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Resources;

/// <summary>
/// Enforces one session's <see cref="ResourceLimits"/>. The places that allocate or grow memory (dense
/// buffers, relation storage) are far from the session and run on worker threads, so the active guard
/// travels with the execution context (<see cref="AsyncLocal{T}"/>, which Parallel.For and tasks inherit):
/// those places call the static <see cref="Reserve"/> and <see cref="Grown"/>, which do nothing outside a
/// session. A limit that is hit throws <see cref="ResourceLimitException"/>, which the runner completes with
/// the equation being computed and how far the run got.
/// </summary>
public sealed class ResourceGuard : IDisposable
{
    // Smaller allocations are not checked: a check costs more than they can matter.
    private const long CheckedBytes = 1 << 20;

    private static readonly AsyncLocal<ResourceGuard?> Active = new();

    private readonly ResourceLimits _limits;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _cancellation;

    private readonly CancellationToken _outer;

    public ResourceGuard(ResourceLimits limits, CancellationToken outer)
    {
        _limits = limits;
        _outer = outer;
        // Kernels already stop when the run's token is cancelled; the timeout cancels it too.
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(outer);
        if (limits.Timeout is { } timeout)
            _cancellation.CancelAfter(timeout);
    }

    /// <summary>Cancelled when the caller cancels or the time limit passes; the run's kernels watch it.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The equation whose kernel runs now, named by a limit it hits (set by the runner and by backward chaining).</summary>
    public IrEquation? Computing { get; set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    // The timer behind CancelAfter counts in coarse ticks and may fire a little before the clock reaches the
    // limit: a cancellation the caller did not ask for is the time limit too.
    public bool TimedOut => _limits.Timeout is { } timeout
        && (_clock.Elapsed >= timeout || _cancellation.IsCancellationRequested && !_outer.IsCancellationRequested);

    /// <summary>The guard of the session running on this thread, if any.</summary>
    public static ResourceGuard? Current => Active.Value;

    /// <summary>Makes this guard the active one until the scope is disposed; scopes nest.</summary>
    public Scope Enter()
    {
        var previous = Active.Value;
        Active.Value = this;
        return new Scope(previous);
    }

    public readonly struct Scope(ResourceGuard? previous) : IDisposable
    {
        public void Dispose() => Active.Value = previous;
    }

    public void Dispose() => _cancellation.Dispose();

    /// <summary>
    /// Called before allocating <paramref name="bytes"/> for a tensor or relation: throws TL5011 when they do
    /// not fit in the budget beside what the process already holds.
    /// </summary>
    public static void Reserve(long bytes)
    {
        if (bytes < CheckedBytes || Active.Value is not { } guard)
            return;
        var budget = guard._limits.MaxMemoryBytes;
        if (bytes > budget)
            throw guard.MemoryLimit($"{ByteSize.Format(bytes)} needed at once, more than the memory budget of {ByteSize.Format(budget)}");
        if (guard.HeldAfterCollection(bytes) is { } held)
            throw guard.MemoryLimit($"{ByteSize.Format(bytes)} more needed while {ByteSize.Format(held)} of the memory budget of {ByteSize.Format(budget)} are in use");
        guard.CheckStop();
    }

    /// <summary>
    /// Called as a relation or a map of cells grows (every 256 entries): the tuple limit, the time limit, and
    /// the memory budget, which growth in many small steps never meets in <see cref="Reserve"/>.
    /// </summary>
    public static void Grown(long tuples)
    {
        if (Active.Value is not { } guard)
            return;
        if (tuples > guard._limits.MaxTuples)
            throw new ResourceLimitException(Catalog.TupleLimitReached,
                string.Create(CultureInfo.InvariantCulture, $"a relation grew to {tuples:N0} tuples, more than the limit of {guard._limits.MaxTuples:N0}"),
                "raise the limit with --max-tuples, or check that the recursion ends (index arithmetic that counts on without bound)");
        if (guard.HeldAfterCollection(0) is { } held)
            throw guard.MemoryLimit($"the run holds {ByteSize.Format(held)}, more than the memory budget of {ByteSize.Format(guard._limits.MaxMemoryBytes)}");
        guard.CheckStop();
    }

    /// <summary>
    /// The memory held, when it and <paramref name="bytes"/> more exceed the budget even after garbage is
    /// collected; null when they fit. Collecting is costly, so after a collection that found room, the next
    /// waits until what was allocated since no longer fits in that room.
    /// </summary>
    private long? HeldAfterCollection(long bytes)
    {
        var budget = _limits.MaxMemoryBytes;
        if (GC.GetTotalMemory(forceFullCollection: false) + bytes <= budget)
            return null;
        if (GC.GetTotalAllocatedBytes() - _collectedAt + bytes <= _room)
            return null;
        var held = GC.GetTotalMemory(forceFullCollection: true);
        if (held + bytes > budget)
            return held;
        (_collectedAt, _room) = (GC.GetTotalAllocatedBytes(), budget - held);
        return null;
    }

    // What the last full collection found: GC.GetTotalAllocatedBytes then, and the budget not held.
    private long _collectedAt;
    private long _room;

    /// <summary>
    /// Throws TL5013 once the time limit has passed, and OperationCanceledException once the caller cancelled
    /// (Ctrl-C in the REPL): long kernels call this now and then, so both stop a run inside one equation.
    /// </summary>
    public void CheckStop()
    {
        if (TimedOut)
            throw TimeLimit();
        _outer.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// The limit that stopped the run if <paramref name="exception"/> is one that no place has been given yet,
    /// or the cancellation the time limit caused; null for any other exception (a real cancellation included).
    /// </summary>
    public ResourceLimitException? Unplaced(Exception exception) =>
        ResourceLimitException.Of(exception) is { } limit ? (limit.Location is null ? limit : null)
        : exception is OperationCanceledException && TimedOut ? TimeLimit()
        : null;

    /// <summary>How far the run got, in time: the end of every limit's message.</summary>
    public string Progress() => string.Create(CultureInfo.InvariantCulture, $"after {Elapsed.TotalSeconds:0.0} s");

    public ResourceLimitException TimeLimit() =>
        new(Catalog.TimeLimitReached,
            string.Create(CultureInfo.InvariantCulture, $"the run took longer than the time limit of {_limits.Timeout!.Value.TotalSeconds:0.###} s"),
            "raise the limit with --timeout, or check that the recursion ends");

    private ResourceLimitException MemoryLimit(string message) =>
        new(Catalog.MemoryBudgetExceeded, message,
            "raise the budget with --max-memory, declare smaller domains, or split the equation through a smaller intermediate");
}
