namespace TensorLogic.Runtime.Resources;

/// <summary>
/// Collects the young generation every so many allocated bytes, for loops whose rounds each leave garbage
/// behind (a semi-naive round's delta and the buffers it grew through).
/// </summary>
/// <remarks>
/// .NET sizes the young generation by the largest CPU cache: on a Xeon with 260 MB of L3 the first collection
/// comes after about 200 MB of allocations, so a 2,000-round transitive closure that allocates 76 MB in all
/// never collects and holds all of it (143 MB peak resident instead of 84 MB). The budget can only be set by
/// an environment variable (DOTNET_GCgen0size), which a program cannot set for itself, so the loop paces
/// itself instead. A young collection that finds little alive costs well under a millisecond.
/// </remarks>
internal struct GarbagePacer
{
    private const long Budget = 16L << 20;

    private long _collectedAt;

    public static GarbagePacer Start() => new() { _collectedAt = GC.GetTotalAllocatedBytes() };

    /// <summary>Called once a round: collects the young generation when the rounds since the last one allocated the budget.</summary>
    public void Round()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - _collectedAt < Budget)
            return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        _collectedAt = allocated;
    }
}
