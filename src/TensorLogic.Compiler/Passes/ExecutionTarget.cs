using TensorLogic.Compiler.Planning;

namespace TensorLogic.Compiler.Passes;

/// <summary>
/// What the compiler plans for: an engine's name, its cost parameters, and whether the optimizing passes
/// run. Engines describe themselves with one of these; the compiler never asks an engine anything else,
/// so the IR printed by <c>tlc run --emit ir --engine E</c> is exactly the IR that E runs.
/// </summary>
public sealed record ExecutionTarget(string Name)
{
    public PlannerOptions Planner { get; init; } = new();

    /// <summary>Passes switched off by name (for debugging, and for tests that compare with and without them).</summary>
    public IReadOnlySet<string> DisabledPasses { get; init; } = new HashSet<string>();

    /// <summary>
    /// The reference: no optimizing pass runs, so the oracle evaluates the program as written and the
    /// differential tests check the passes as well as the kernels.
    /// </summary>
    public static ExecutionTarget Unoptimized(string name) => new(name) { DisabledPasses = PassPipeline.Names };
}
