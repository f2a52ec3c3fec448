using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Execution;

/// <summary>Where a run spent its time: one equation, the kind of kernel that ran it, its work and time.</summary>
public sealed record EquationProfile(BoundEquation Equation, string Kernel, double Flops, TimeSpan Time, int Calls)
{
    /// <summary>Achieved speed over all calls, in GFLOP/s.</summary>
    public double GigaflopsPerSecond => Time.TotalSeconds > 0 ? Flops * Calls / Time.TotalSeconds / 1e9 : 0;
}

/// <summary>An evaluator that records an <see cref="EquationProfile"/> per equation it runs.</summary>
public interface IProfilingEvaluator
{
    IReadOnlyList<EquationProfile> Profile { get; }
}
