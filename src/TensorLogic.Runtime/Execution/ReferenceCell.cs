using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Resources;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// One element of a real tensor computed by the reference kernels in double: its data combined with what
/// each of its equations contributes at that cell, each equation pinned to the cell so that only the
/// bindings reaching it are enumerated. Backward chaining computes elements on demand this way; the float32
/// overflow check (TL5010) computes the element that overflowed, to see whether double would have.
/// </summary>
internal static class ReferenceCell
{
    /// <param name="reader">Where the equations read their inputs: backward chaining's demands, or the runner's values.</param>
    public static double Value(IProgramRunner runner, ICellReader reader, TensorSymbol tensor, IEnumerable<IrEquation> equations, int[] cell)
    {
        var value = runner.Initial(tensor).Get(cell);
        foreach (var equation in equations)
        {
            // A normalization's group spans its normalized axes: those stay free, and the cell is picked from the group.
            var axes = equation.Finish?.NormalizedAxes is { IsDefaultOrEmpty: false } normalized ? normalized.ToHashSet() : [];
            if (BackwardChainer.Pin(equation, cell, axes) is not { } pinned)
                continue;
            ResourceGuard.Current?.Computing = equation;
            foreach (var (reached, contribution) in runner.OnDemand(equation).Evaluate(reader, pinned))
            {
                if (reached.AsSpan().SequenceEqual(cell))
                    value = Accumulation<double>.Combine(tensor.Combination, value, contribution);
            }
        }
        return value;
    }
}
