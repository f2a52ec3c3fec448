using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Lowering;

/// <summary>
/// The delta form of a recursive component of <c>min=</c>/<c>max=</c> tensors (see <see cref="MinMaxRecursion"/>): each
/// recursive equation gets one copy per distinct cell of the component it reads, with that cell's improved-cell
/// relation joined in first, so a round visits only the bindings whose read changed:
/// <code>
/// Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)   -----&gt;   Dist[y] min= ΔDist(x) (Dist[x] + Cost[x, y]) Edge(x, y)
/// </code>
/// Skipping the other bindings is exact only when every equation that reads the component is a single term that
/// combines like its target and moves its target's way as the cells it reads move theirs (min cells fall, max cells
/// rise). Then a binding whose reads did not change would only repeat a value the target already holds. The
/// component is left to the sweeps (null) when some equation
/// <list type="bullet">
/// <item>has several terms (they are added after projecting, so one term's new bindings say nothing about the sum),</item>
/// <item>sums over bindings (<c>=</c>, <c>+=</c>) while more than one binding can reach a cell,</item>
/// <item>reads the component under something whose direction the syntax does not show (<see cref="Monotonicity"/>):
/// a product of two recursive reads or with a tensor of unknown sign, a reciprocal, a power, sin, cos, abs,</item>
/// <item>reads the component in an outer function's extra arguments, or has a virtual index,</item>
/// </list>
/// or when the component holds a relation or a summed tensor beside its min= and max= tensors.
/// </summary>
internal static class MinMaxRewrite
{
    public sealed record Form(ImmutableArray<ImprovedCells> Tensors, ImmutableArray<BoundEquation> DeltaVariants);

    public static Form? Of(Stratum stratum)
    {
        if (!stratum.IsRecursive || stratum.Tensors.Any(t => t.IsBoolean || t.Combination is not (Aggregation.Min or Aggregation.Max)))
            return null;
        var deltas = stratum.Tensors.ToDictionary(
            t => t,
            t => TensorSymbol.Synthesized("\u0394" + t.Name, ElementType.Boolean, t.Domains, t.Location));
        var variants = new List<BoundEquation>();
        foreach (var equation in stratum.Equations)
        {
            // An equation that reads nothing of the component gives the same result every round: the first is enough.
            if (!equation.Reads().Any(r => deltas.ContainsKey(r.Tensor)))
                continue;
            if (DeltaVariants(equation, deltas) is not { } rewritten)
                return null;
            variants.AddRange(rewritten);
        }
        return new Form([.. stratum.Tensors.Select(t => new ImprovedCells(t, deltas[t]))], [.. variants]);
    }

    private static List<BoundEquation>? DeltaVariants(BoundEquation equation, Dictionary<TensorSymbol, TensorSymbol> deltas)
    {
        if (equation.Loop is not null || equation.Terms.Length != 1 || !CombinesLikeItsTarget(equation))
            return null;
        if (equation.Function is { } function && function.ExtraArguments.SelectMany(BoundExpressions.ReadsIn).Any(r => deltas.ContainsKey(r.Tensor)))
            return null;
        var term = equation.Terms[0];
        var reads = term.Factors.SelectMany(BoundExpressions.ReadsIn).Where(r => deltas.ContainsKey(r.Tensor)).ToList();
        if (reads.Any(r => r.Virtual is not null))
            return null;
        var cells = new List<BoundTensorRef>();
        foreach (var read in reads.Where(read => !cells.Any(c => Monotonicity.SameCell(c, read))))
            cells.Add(read);
        var target = equation.Target.Tensor;
        var variants = new List<BoundEquation>();
        foreach (var cell in cells)
        {
            bool Watched(BoundTensorRead r) => Monotonicity.SameCell(r.Reference, cell);
            var grows = Monotonicity.Through(equation.Function, Monotonicity.OfTerm(term, Watched), Watched);
            var moves = Moves(cell.Tensor) == Direction.Up ? grows : Monotonicity.Flip(grows);
            if (moves != Moves(target))
                return null;
            var delta = new BoundTensorRead(new BoundTensorRef(deltas[cell.Tensor], cell.Indices, null, cell.Location));
            variants.Add(equation with
            {
                Terms = [term with { Factors = term.Factors.Insert(0, delta) }],
                Text = $"{equation.Text}   [{cell} reads {deltas[cell.Tensor].Name}]",
            });
        }
        return variants;
    }

    /// <summary>
    /// min= into a min tensor, max= into a max tensor; or a sum whose every binding reaches a cell of its own (each
    /// variable of the term is one of the target's plain indices), which is then the binding's value, like min's.
    /// </summary>
    private static bool CombinesLikeItsTarget(BoundEquation equation)
    {
        if (equation.Aggregation == equation.Target.Tensor.Combination)
            return true;
        var written = equation.Target.Indices.OfType<VariableIndex>().Select(i => i.Variable).ToHashSet();
        return equation.Aggregation == Aggregation.Sum && equation.Terms.All(t => t.Variables.All(written.Contains));
    }

    /// <summary>The way a tensor's cells move from round to round: min cells fall, max cells rise.</summary>
    private static Direction Moves(TensorSymbol tensor) => tensor.Combination == Aggregation.Max ? Direction.Up : Direction.Down;
}
