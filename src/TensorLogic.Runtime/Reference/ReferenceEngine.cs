using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Reference;

/// <summary>
/// The reference engine: the semantics executed binding by binding in double precision. Slow and
/// obviously correct; every other engine is tested against it.
/// </summary>
public sealed class ReferenceEngine : IEngine
{
    public static readonly ReferenceEngine Instance = new();

    public string Name => "reference";

    public IEvaluator CreateEvaluator(TensorStore store, EvaluationOptions options, DiagnosticBag diagnostics) =>
        new Evaluator(new ForwardEvaluator(store, options, diagnostics));

    private sealed class Evaluator(ForwardEvaluator forward) : IEvaluator, IProfilingEvaluator
    {
        public IReadOnlyList<EquationProfile> Profile => forward.Profile;

        public void Evaluate(IReadOnlyCollection<Compiler.Semantics.TensorSymbol> targets) => forward.Evaluate(targets);
    }
}
