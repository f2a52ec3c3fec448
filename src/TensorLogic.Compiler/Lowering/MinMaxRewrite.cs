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
/// Skipping the other bindings is exact when every equation that reads the component moves its target's way as the
/// cells it reads move theirs (min cells fall, max cells rise): a binding whose reads did not change would only
/// repeat a value the target already holds. An equation that projects (a variable not on its left) must also be a
/// single term that combines like its target, since terms are added after projecting each; a pointwise one (every
/// variable on its left, <c>Via[x] = Dist[x] + Toll[x]</c>) may have several terms of any aggregation, which its copy
/// recomputes together at the changed cells. The component is left to the sweeps (null) when some equation
/// <list type="bullet">
/// <item>projects and has several terms, or sums (<c>=</c>, <c>+=</c>) into a min or max tensor;</item>
/// <item>reads the component under something whose direction the syntax does not show (<see cref="Monotonicity"/>):
/// a product of two recursive reads or with a tensor of unknown sign, a reciprocal, a power, sin, cos, abs;</item>
/// <item>reads the component in an outer function's extra arguments, or has a virtual index;</item>
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
        var pointwise = Pointwise(equation);
        if (equation.Loop is not null || !pointwise && (equation.Terms.Length != 1 || equation.Aggregation != equation.Target.Tensor.Combination))
            return null;
        if (equation.Function is { } function && function.ExtraArguments.SelectMany(BoundExpressions.ReadsIn).Any(r => deltas.ContainsKey(r.Tensor)))
            return null;
        var reads = equation.Terms.SelectMany(t => t.Factors).SelectMany(BoundExpressions.ReadsIn).Where(r => deltas.ContainsKey(r.Tensor)).ToList();
        if (reads.Any(r => r.Virtual is not null))
            return null;
        var cells = new List<BoundTensorRef>();
        foreach (var read in reads.Where(read => !cells.Any(c => Monotonicity.SameCell(c, read))))
            cells.Add(read);
        var variants = new List<BoundEquation>();
        foreach (var cell in cells)
        {
            bool Watched(BoundTensorRead r) => Monotonicity.SameCell(r.Reference, cell);
            var grows = Monotonicity.Through(equation.Function, Monotonicity.OfTerms(equation.Terms, Watched), Watched);
            var moves = Moves(cell.Tensor) == Direction.Up ? grows : Monotonicity.Flip(grows);
            if (moves != Moves(equation.Target.Tensor))
                return null;
            // Pointwise, every term is restricted to the cells whose read changed, so each such cell gets its whole
            // value again; a projecting equation has its one term only.
            var delta = new BoundTensorRead(new BoundTensorRef(deltas[cell.Tensor], cell.Indices, null, cell.Location));
            variants.Add(equation with
            {
                Terms = [.. equation.Terms.Select(t => t with { Factors = t.Factors.Insert(0, delta) })],
                Text = $"{equation.Text}   [{cell} reads {deltas[cell.Tensor].Name}]",
            });
        }
        return variants;
    }

    /// <summary>
    /// Whether each binding of each term reaches a cell of its own: every variable of every term is a plain index
    /// of the target (<c>Via[x] = Dist[x] + Toll[x]</c>). A cell's value is then its bindings' values added across
    /// terms, whatever the aggregation, and the terms' contributions at a cell can be recomputed together.
    /// </summary>
    private static bool Pointwise(BoundEquation equation)
    {
        var written = equation.Target.Indices.OfType<VariableIndex>().Select(i => i.Variable).ToHashSet();
        return equation.Terms.All(t => t.Variables.All(written.Contains));
    }

    /// <summary>The way a tensor's cells move from round to round: min cells fall, max cells rise.</summary>
    private static Direction Moves(TensorSymbol tensor) => tensor.Combination == Aggregation.Max ? Direction.Up : Direction.Down;
}
