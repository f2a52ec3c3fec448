using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Passes;
using TensorLogic.Compiler.Planning;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Backends.Cpu.Execution;

public enum Precision
{
    Single,
    Double,
}

/// <summary>
/// The optimizing CPU engine: programs are planned for it with every pass on (dead equations, common
/// subexpressions, elementwise fusion) and run by <see cref="CpuKernels{T}"/> in float32 by default or float64.
/// </summary>
public sealed class CpuEngine(Precision precision = Precision.Single, int threads = 0, PlannerOptions? planner = null, IReadOnlySet<string>? disabledPasses = null)
    : IEngine
{
    public string Name => precision == Precision.Single ? "cpu" : "cpu-f64";

    public ExecutionTarget Target => new(Name)
    {
        Planner = planner ?? new PlannerOptions(),
        DisabledPasses = disabledPasses ?? new HashSet<string>(),
    };

    public IProgramRunner CreateRunner(IrProgram program, TensorStore store, EvaluationOptions options, DiagnosticBag diagnostics) =>
        precision == Precision.Single
            ? StratumRunner<float>.Create(program, store, new CpuKernels<float>(threads), options, diagnostics)
            : StratumRunner<double>.Create(program, store, new CpuKernels<double>(threads), options, diagnostics);

    public string ListKernels(IrProgram program)
    {
        if (precision == Precision.Double)
        {
            using var doubles = new CpuKernels<double>(threads);
            return KernelListing.Print(doubles, program);
        }
        using var singles = new CpuKernels<float>(threads);
        return KernelListing.Print(singles, program);
    }
}
