using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Reference;

namespace TensorLogic.Bench;

/// <summary>
/// The one place where the harness turns an engine name into an engine. Every case runs through the
/// engine made here, so switching the suite to another engine is a change to this file only.
/// </summary>
public static class Engines
{
    public static IEnumerable<string> Names => ["reference", "cpu", "cpu-f64", "cpu-greedy"];

    /// <summary>The engine called <paramref name="name"/>, running on <paramref name="threads"/> threads where it can.</summary>
    public static IEngine Create(string name, int threads) => name switch
    {
        // The reference engine is single-threaded and double precision: it ignores `threads`.
        "reference" => ReferenceEngine.Instance,

        // ======================================================================================
        // ENABLE THE OPTIMIZING ENGINE HERE once CpuEngine (bench/notes/CpuEngine.cs.txt) is merged:
        // uncomment this one line. Nothing else in the suite changes.
        // "cpu" or "cpu-f64" => new TensorLogic.Backends.Cpu.Execution.CpuEngine(name == "cpu" ? TensorLogic.Backends.Cpu.Execution.Precision.Single : TensorLogic.Backends.Cpu.Execution.Precision.Double, threads),
        //
        // Optional, for the planner comparison: the same engine with the contraction order chosen
        // greedily instead of by dynamic programming (PlannerOptions has no "off" switch; the unplanned
        // baseline is NaiveLoops.cs). Uncomment with the line above to add an engine called "cpu-greedy":
        // "cpu-greedy" => new TensorLogic.Backends.Cpu.Execution.CpuEngine(TensorLogic.Backends.Cpu.Execution.Precision.Single, threads, new TensorLogic.Compiler.Planning.PlannerOptions { ExhaustiveLimit = 0 }),
        // ======================================================================================

        _ => throw Unavailable(name),
    };

    // Reached only by names the switch above does not handle, so it stays right after the cpu lines are enabled.
    private static EngineUnavailableException Unavailable(string name) => name is "cpu" or "cpu-f64" or "cpu-greedy"
        ? new($"engine '{name}' is not enabled: CpuEngine has not been merged yet. When it is, uncomment the marked line in bench/TensorLogic.Bench/Engines.cs")
        : new($"unknown engine '{name}'; known: {string.Join(", ", Names)}");
}

public sealed class EngineUnavailableException(string message) : Exception(message);
