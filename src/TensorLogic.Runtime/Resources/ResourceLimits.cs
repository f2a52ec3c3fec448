namespace TensorLogic.Runtime.Resources;

/// <summary>
/// How much a run may take before it stops with a diagnostic instead of exhausting the machine: memory
/// (TL5011), tuples in one relation (TL5012) and wall-clock time (TL5013). docs/limits.md lists them.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>
    /// Managed memory the process may hold, checked before every allocation of a tensor, relation or buffer of
    /// 1 MiB or more. Half the memory the runtime may use (physical memory, or a container's limit), so that
    /// garbage not yet collected and the operating system still fit beside it.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = DefaultMaxMemoryBytes;

    /// <summary>Most tuples one relation may hold; the default is no limit beyond memory.</summary>
    public long MaxTuples { get; init; } = long.MaxValue;

    /// <summary>Wall-clock time for the whole run, from the start of the session; null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    public static long DefaultMaxMemoryBytes { get; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    public static ResourceLimits Default { get; } = new();
}
