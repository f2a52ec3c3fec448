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
/// values, so re-evaluating each equation with the cell pinned, and keeping the bindings whose value equals
/// the cell's, finds the instances that produced it, without anything recorded during the run.
/// </summary>
internal sealed class Attainment(IReadOnlyList<IrEquation> equations, ICellReader reader, Func<TensorSymbol, TensorValue> initial)
{
    private readonly ILookup<TensorSymbol, IrEquation> _equations = equations.ToLookup(e => e.Target);

    /// <summary>Whether <paramref name="value"/> is what a cell that nothing reached holds: Infinity for <c>min=</c>.</summary>
    public static bool IsIdentity(TensorSymbol tensor, double value) =>
        value.Equals(Accumulation<double>.Identity(tensor.Combination));

    /// <summary>
    /// Equal up to the engine's rounding: the run may have computed in float32, and the values are recomputed
    /// here in double from the float32 results.
    /// </summary>
    public static bool Close(double a, double b) =>
        a.Equals(b) || Math.Abs(a - b) <= 1e-6 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    public List<Source> Sources(GroundCell cell, double value)
    {
        var sources = new List<Source>();
        var data = initial(cell.Tensor).Get(cell.Cell.AsSpan());
        if (!IsIdentity(cell.Tensor, data) && Close(data, value))
            sources.Add(new Source(null, []));
        foreach (var equation in _equations[cell.Tensor])
        {
            if (Instance(equation, cell, value) is { } source)
                sources.Add(source);
        }
        return sources;
    }

    private Source? Instance(IrEquation equation, GroundCell cell, double value)
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
            new TermEvaluator(equation, term, reader).Run(pinned, (binding, v) =>
            {
                if (Reaches(equation.TargetAccess, binding, cell.Cell))
                    reached.Add((binding.ToArray(), v));
            });
            if (reached.Count == 0)
                continue;
            var aggregate = Aggregate(equation.Aggregation, reached);
            total += aggregate;
            terms.Add(equation.Aggregation is Aggregation.Min or Aggregation.Max
                ? new TermBindings(term, [.. reached.Where(r => Close(r.Value, aggregate)).Select(r => r.Binding)], 0)
                : reached.Count == 1 ? new TermBindings(term, [reached[0].Binding], 0) : new TermBindings(term, [], reached.Count));
        }
        if (terms.Count == 0)
            return null;
        return Close(Finish(equation.Finish, total), value) ? new Source(equation, terms) : null;
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
            arguments[i + 1] = ExpressionEvaluator.Evaluate(finish.ExtraArguments[i], [], reader);
        return ElementwiseFunctions.Apply(finish.Function, arguments);
    }
}
