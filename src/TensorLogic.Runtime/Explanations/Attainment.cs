using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Explanations;

/// <summary>
/// One way a cell gets its final value: its data (<see cref="Equation"/> null), or an equation together with,
/// per term, the bindings that attain that term's part of the value.
/// </summary>
internal sealed record Source(IrEquation? Equation, IReadOnlyList<TermBindings> Terms);

/// <summary>
/// The bindings of one term that reach the cell and attain the term's optimum (for <c>min=</c>/<c>max=</c>;
/// several when they tie), or the single binding of a summing term; a summing term that several bindings
/// add up to has none, and <see cref="Summed"/> counts them.
/// </summary>
internal sealed record TermBindings(IrGenericTerm Term, IReadOnlyList<int[]> Attaining, int Summed);

/// <summary>
/// Which data and equation instances give a cell of a <c>min=</c>/<c>max=</c> tensor its final value. A finished
/// run is a fixpoint: the cell's value is the optimum of its data and of each equation evaluated on the final
/// values. So each equation is evaluated again with the cell pinned, and the sources whose value is that
/// optimum, with the bindings that attain it, are the instances that produced the cell, found without
/// anything recorded during the run.
/// </summary>
internal sealed class Attainment(IReadOnlyList<IrEquation> equations, Func<TensorSymbol, TensorValue> final, Func<TensorSymbol, TensorValue> initial)
{
    private readonly ILookup<TensorSymbol, IrEquation> _equations = equations.ToLookup(e => e.Target);
    private readonly FinalCells _reader = new(final);

    /// <summary>Whether <paramref name="value"/> is what a cell that nothing reached holds: Infinity for <c>min=</c>.</summary>
    public static bool IsIdentity(TensorSymbol tensor, double value) =>
        value.Equals(Accumulation<double>.Identity(tensor.Combination));

    /// <summary>
    /// The sources that attain the cell's value, in program order (data first); none when the best of them
    /// is not the cell's value, which happens when the run stopped before its fixpoint.
    /// </summary>
    public List<Source> Sources(GroundCell cell, double value)
    {
        var candidates = new List<(Source Source, double Value)>();
        var data = initial(cell.Tensor).Get(cell.Cell.AsSpan());
        if (!IsIdentity(cell.Tensor, data))
            candidates.Add((new Source(null, []), data));
        foreach (var equation in _equations[cell.Tensor])
        {
            if (Instance(equation, cell) is { } candidate)
                candidates.Add(candidate);
        }
        if (candidates.Count == 0)
            return [];
        // The optimum recomputed here in double picks the instance even where the engine's float32 rounding
        // made two nearly equal routes equal. It is the cell's value up to that rounding, which cancellation
        // (Width[x] - relu(Width[x] - Cap[x, y]) with a wide Width[x]) can make far larger than one unit.
        var best = cell.Tensor.Combination == Aggregation.Max ? candidates.Max(c => c.Value) : candidates.Min(c => c.Value);
        if (!Close(best, value, final(cell.Tensor) is DenseTensor<float> ? 1e-3 : 1e-9))
            return [];
        return [.. candidates.Where(c => Ties(c.Value, best)).Select(c => c.Source)];
    }

    /// <summary>Infinities are close only to themselves: relative to Infinity, every difference is small.</summary>
    private static bool Close(double a, double b, double relative) =>
        a.Equals(b) || double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= relative * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>Equal but for the order in which double sums were taken.</summary>
    private static bool Ties(double a, double b) => Close(a, b, 1e-12);

    /// <summary>The equation's contribution to the cell and the bindings that attain each term's part; null when no binding reaches the cell.</summary>
    private (Source, double)? Instance(IrEquation equation, GroundCell cell)
    {
        // A loop's equations leave only their last step in the tensor, and a normalization needs the whole
        // group of cells: neither is one instance per cell.
        if (equation.LoopVariable is not null || equation.Finish is { Function.Kind: not FunctionKind.Elementwise })
            return null;
        if (Pinned(equation.TargetAccess, cell.Cell) is not { } pinned)
            return null;
        var terms = new List<TermBindings>();
        var total = 0.0;
        foreach (var term in equation.GenericTerms)
        {
            var reached = new List<(int[] Binding, double Value)>();
            new TermEvaluator(equation, term, _reader).Run(pinned, (binding, v) =>
            {
                if (Reaches(equation.TargetAccess, binding, cell.Cell))
                    reached.Add((binding.ToArray(), v));
            });
            if (reached.Count == 0)
                continue;
            var aggregate = Aggregate(equation.Aggregation, reached);
            total += aggregate;
            terms.Add(equation.Aggregation is Aggregation.Min or Aggregation.Max
                ? new TermBindings(term, [.. reached.Where(r => Ties(r.Value, aggregate)).Select(r => r.Binding)], 0)
                : reached.Count == 1 ? new TermBindings(term, [reached[0].Binding], 0) : new TermBindings(term, [], reached.Count));
        }
        return terms.Count == 0 ? null : (new Source(equation, terms), Finish(equation.Finish, total));
    }

    /// <summary>The left-hand side's plain variables fixed to the cell; null when the cell contradicts it (<c>T[x, x]</c> at two values).</summary>
    private static Dictionary<int, int>? Pinned(IrAccess target, ImmutableArray<int> cell)
    {
        var pinned = new Dictionary<int, int>();
        for (var p = 0; p < target.Indices.Length; p++)
        {
            if (target.Indices[p] is not IrVariableIndex { Variable.Id: var id })
                continue;
            if (pinned.TryGetValue(id, out var seen) && seen != cell[p])
                return null;
            pinned[id] = cell[p];
        }
        return pinned;
    }

    /// <summary>Whether a binding writes the cell: constants and index arithmetic on the left-hand side are checked here.</summary>
    private static bool Reaches(IrAccess target, ReadOnlySpan<int> binding, ImmutableArray<int> cell)
    {
        for (var p = 0; p < target.Indices.Length; p++)
        {
            if (target.Indices[p].Evaluate(binding) != cell[p])
                return false;
        }
        return true;
    }

    private static double Aggregate(Aggregation aggregation, List<(int[] Binding, double Value)> reached) => aggregation switch
    {
        Aggregation.Min => reached.Min(r => r.Value),
        Aggregation.Max => reached.Max(r => r.Value),
        Aggregation.Average => reached.Average(r => r.Value),
        _ => reached.Sum(r => r.Value),
    };

    private double Finish(IrOuterFunction? finish, double total)
    {
        if (finish is null)
            return total;
        var arguments = new double[1 + finish.ExtraArguments.Length];
        arguments[0] = total;
        for (var i = 0; i < finish.ExtraArguments.Length; i++)
            arguments[i + 1] = ExpressionEvaluator.Evaluate(finish.ExtraArguments[i], [], _reader);
        return ElementwiseFunctions.Apply(finish.Function, arguments);
    }
}
