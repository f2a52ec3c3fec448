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
/// The optimizing CPU engine: the checked program goes through the pass pipeline (dead equations,
/// common subexpressions, elementwise fusion) and is lowered to planned kernels, run in float32 by
/// default or float64.
/// </summary>
public sealed class CpuEngine(Precision precision = Precision.Single, int threads = 0, PlannerOptions? planner = null, IReadOnlySet<string>? disabledPasses = null)
    : IEngine
{
    public string Name => precision == Precision.Single ? "cpu" : "cpu-f64";

    public IEvaluator CreateEvaluator(TensorStore store, EvaluationOptions options, DiagnosticBag diagnostics)
    {
        var ir = PassPipeline.Compile(store.Program, new ContractionPlanner(planner ?? new PlannerOptions()), disabledPasses);
        return precision == Precision.Single
            ? new CpuEvaluator<float>(store, ir, options, diagnostics, threads)
            : new CpuEvaluator<double>(store, ir, options, diagnostics, threads);
    }
}
