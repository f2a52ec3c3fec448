using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// Where a run spent its time: one equation, the provider and kind of kernel that ran it, why the engine
/// declined it (if it did), its work and time.
/// </summary>
public sealed record EquationProfile(SourceLocation Location, string Text, string Provider, string Kernel, string? Declined, double Flops, TimeSpan Time, int Calls)
{
    /// <summary>Device time of all calls, for kernels that run on a device (the rest of <see cref="Time"/> is launches and copies).</summary>
    public TimeSpan? DeviceTime { get; init; }

    /// <summary>Achieved speed over all calls, in GFLOP/s.</summary>
    public double GigaflopsPerSecond => Time.TotalSeconds > 0 ? Flops * Calls / Time.TotalSeconds / 1e9 : 0;
}
