using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// A way to compute tensors forward. The reference engine is the oracle; faster engines (the CPU
/// backend, GPU backends) must give the same answers up to float rounding, and may leave to the
/// reference whatever they cannot run.
/// </summary>
public interface IEngine
{
    string Name { get; }

    IEvaluator CreateEvaluator(TensorStore store, EvaluationOptions options, DiagnosticBag diagnostics);
}

/// <summary>Computes tensors into a store; computing the same tensor twice does the work once.</summary>
public interface IEvaluator
{
    void Evaluate(IReadOnlyCollection<TensorSymbol> targets);
}
