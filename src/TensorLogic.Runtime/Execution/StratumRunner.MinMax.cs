using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Resources;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Execution;

/// <summary>The schedule of a recursion of <c>min=</c>/<c>max=</c> tensors in delta form.</summary>
public sealed partial class StratumRunner<T>
{
    /// <summary>
    /// Semi-naive rounds (<see cref="MinMaxRecursion"/>): the first round is one sweep of the stratum's equations;
    /// each later round runs the delta equations, which join the cells that changed in the round before, and
    /// combines their results into the tensors in place. As with the sweeps, the rounds stop when no cell changed
    /// by more than the tolerance, and each round counts as one iteration towards the limit.
    /// </summary>
    private void RunMinMax(IrStratum stratum, MinMaxRecursion recursion)
    {
        var changed = recursion.Tensors.ToDictionary(c => c.Tensor, c => new Relation(c.Tensor.Shape));
        var converged = false;
        var pacer = GarbagePacer.Start();
        for (var iteration = 1; iteration <= _options.MaxIterations && !converged; iteration++)
        {
            pacer.Round();
            var largest = iteration == 1 ? FirstRound(stratum, changed) : DeltaRound(stratum, recursion, changed);
            converged = largest <= _options.Tolerance;
        }
        // The relations of the last round are read by nothing after the stratum.
        foreach (var cells in recursion.Tensors)
            _synthesized.Remove(cells.Delta);
        if (!converged)
            ReportIterationLimit(stratum, "a cycle that keeps improving its cells, such as a negative cycle of min=, never converges");
    }

    /// <summary>Every equation on the data, one tensor after the other as a sweep does; the cells that moved are the first delta.</summary>
    private double FirstRound(IrStratum stratum, Dictionary<TensorSymbol, Relation> changed)
    {
        var largest = 0.0;
        foreach (var tensor in Targets(stratum))
        {
            var next = (DenseTensor<T>)Recompute(tensor, stratum);
            largest = Math.Max(largest, Improvements.Compare(Dense(tensor), next, changed[tensor]));
            Publish(tensor, next);
        }
        return largest;
    }

    /// <summary>
    /// The delta equations against the cells that changed in the last round. A tensor an earlier equation of the
    /// round improved is read as it is now: any value it held is one its cells really reach, and the cells improved
    /// this round are joined again in the next.
    /// </summary>
    private double DeltaRound(IrStratum stratum, MinMaxRecursion recursion, Dictionary<TensorSymbol, Relation> changed)
    {
        _options.Cancellation.ThrowIfCancellationRequested();
        foreach (var cells in recursion.Tensors)
        {
            Publish(cells.Delta, changed[cells.Tensor]);
            changed[cells.Tensor] = new Relation(cells.Tensor.Shape);
        }
        var largest = 0.0;
        foreach (var equation in recursion.DeltaEquations)
        {
            var result = Run(equation, stratum, null);
            largest = Math.Max(largest, Improvements.Apply(Dense(equation.Target), result, equation.Target.Combination, changed[equation.Target]));
            Release(result);
        }
        return largest;
    }
}
