using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Reference;

/// <summary>
/// Computes what one equation contributes to its target: each term aggregated over its bindings, the
/// terms summed, then the outermost function applied, all on the reached cells only.
/// </summary>
internal static class EquationEvaluator
{
    private static readonly IReadOnlyDictionary<int, int> NoFixedValues = new Dictionary<int, int>();

    /// <summary>The reached cells of the target and their values, for the given pinned variables.</summary>
    public static List<(int[] Cell, double Value)> Evaluate(
        IrEquation equation,
        ICellReader reader,
        IReadOnlyDictionary<int, int>? fixedValues = null)
    {
        fixedValues ??= NoFixedValues;
        var target = equation.TargetAccess;
        var sums = new Dictionary<TupleKey, (int[] Cell, double Value)>();
        var order = new List<TupleKey>();
        foreach (var term in equation.GenericTerms)
        {
            var accumulator = CellAccumulator.For(target.Tensor, equation.Aggregation);
            var cell = new int[target.Indices.Length];
            new TermEvaluator(equation, term, reader).Run(fixedValues, (binding, value) =>
            {
                for (var p = 0; p < cell.Length; p++)
                    cell[p] = (int)target.Indices[p].Evaluate(binding);
                accumulator.Add(cell, value);
            });
            foreach (var (reached, value) in accumulator.Reached())
            {
                var key = new TupleKey(reached);
                if (sums.TryGetValue(key, out var existing))
                    sums[key] = (existing.Cell, existing.Value + value);
                else
                {
                    sums[key] = (reached, value);
                    order.Add(key);
                }
            }
        }
        var cells = order.Select(k => sums[k]).OrderBy(c => c.Cell, TupleComparer.Instance).ToList();
        return equation.Finish is { } function ? Apply(function, cells, reader) : cells;
    }

    private static List<(int[] Cell, double Value)> Apply(IrOuterFunction function, List<(int[] Cell, double Value)> cells, ICellReader reader)
    {
        if (function.Function.Kind == FunctionKind.Normalization)
            return Normalize(function, cells);
        var arguments = new double[1 + function.ExtraArguments.Length];
        for (var i = 0; i < function.ExtraArguments.Length; i++)
            arguments[i + 1] = ExpressionEvaluator.Evaluate(function.ExtraArguments[i], [], reader);
        return cells.Select(c =>
        {
            arguments[0] = c.Value;
            return (c.Cell, ElementwiseFunctions.Apply(function.Function, arguments));
        }).ToList();
    }

    /// <summary>Softmax or layer norm over the reached cells of each group (the cells that differ only on the dotted axes).</summary>
    private static List<(int[] Cell, double Value)> Normalize(IrOuterFunction function, List<(int[] Cell, double Value)> cells)
    {
        var axes = function.NormalizedAxes.ToHashSet();
        var groups = cells.GroupBy(c => new TupleKey([.. c.Cell.Where((_, p) => !axes.Contains(p))]));
        var result = new List<(int[] Cell, double Value)>(cells.Count);
        foreach (var group in groups)
        {
            var members = group.ToList();
            var values = members.Select(m => m.Value).ToArray();
            Normalization.Apply<double>(function.Function.Normalizer!.Value, values);
            result.AddRange(members.Select((m, i) => (m.Cell, values[i])));
        }
        return [.. result.OrderBy(c => c.Cell, TupleComparer.Instance)];
    }
}
