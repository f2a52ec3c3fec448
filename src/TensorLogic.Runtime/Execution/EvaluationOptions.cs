using TensorLogic.Runtime.Resources;

namespace TensorLogic.Runtime.Execution;

/// <summary>How queries are answered: by computing forward, by tabled backward chaining, or choosing per query.</summary>
public enum Chaining
{
    Auto,
    Forward,
    Backward,
}

/// <summary>Settings of a run, shared by every engine.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Cap on fixpoint iterations of a recursive component; reaching it is error TL5006, not a hang.</summary>
    public int MaxIterations { get; init; } = 10_000;

    /// <summary>
    /// A recursion stopped by <see cref="MaxIterations"/> is an error (TL5006), since its values are not the
    /// fixpoint; with this set the user asked for those last values, and it is a warning.
    /// </summary>
    public bool AllowPartial { get; init; }

    /// <summary>A recursive real-valued component has converged when no element changes by more than this.</summary>
    public double Tolerance { get; init; } = 1e-9;

    public Chaining Chaining { get; init; } = Chaining.Auto;

    /// <summary>When the engine declines an equation, fail (TL4002 as an error) instead of running it on the reference.</summary>
    public bool StrictEngine { get; init; }

    /// <summary>
    /// In <see cref="Session.Run"/>: give each computed value that no output needs back to the engine once its
    /// last reader has run, so intermediate results reuse memory (<c>tlc run</c> sets it). Afterwards the store
    /// holds the outputs, not those intermediates; asking for one computes it again.
    /// </summary>
    public bool ReleaseIntermediates { get; init; }

    /// <summary>Memory, tuples and time the run may take; a session stops with a diagnostic at each (TL5011–TL5013).</summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    /// <summary>Checked between equations and iterations: a cancelled run stops with <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }
}
