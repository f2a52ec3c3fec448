using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Lowering;

/// <summary>
/// Finds index-shift recursion, so the schedule can sweep the shifted index once instead of iterating
/// one sweep per layer: <c>Emb[n, 0, d] = X[n, d]</c>, <c>Emb[n, l+1, d] = relu(W[d, e] Emb[n, l, e])</c> is
/// computed layer by layer (300 layers in one sweep plus one confirming sweep, not 300 sweeps). The layer
/// domain is one position of every tensor of the component, written at <c>l</c>, <c>l+k</c> or a constant.
/// A recursion that runs the other way (<c>DLoss_dX[i-1, k] = DLoss_dX_in[i, j] W[i, j, k]</c>, the gradient of a
/// layer recursion, written at <c>l-k</c> or reading <c>l+k</c>) is swept from the last layer down.
/// Anything the sweep gets wrong (the recursion was not well-founded after all) the fixpoint that follows
/// corrects, so recognizing too much costs time, never correctness.
/// </summary>
internal static class LayerAnalysis
{
    public static LayerSweep? Of(Stratum stratum, ImmutableArray<IrEquation> equations)
    {
        if (stratum.Tensors.Any(t => t.IsBoolean))
            return null;
        var layers = stratum.Tensors[0].Domains.Distinct()
            .Where(d => stratum.Tensors.All(t => t.Domains.Count(x => x == d) == 1))
            .FirstOrDefault(d => equations.All(e => LayerIndex(e, d) is not null) && equations.Any(e => Shifts(stratum, e, d)));
        if (layers is null)
            return null;
        var offsets = equations.Select(e => Offset(LayerIndex(e, layers)!)).OfType<int>().ToList();
        var descending = offsets.Any(o => o < 0) || !offsets.Any(o => o > 0) && ReadsAhead(stratum, equations, layers);
        if (descending && offsets.Any(o => o > 0))
            return null;
        // Within one layer: equations that write a fixed layer first, then those that write the current
        // layer from finished ones, then those that write the next layers; source order among equals.
        var steps = equations
            .OrderBy(e => Offset(LayerIndex(e, layers)!) is { } offset ? Math.Abs(offset) : -1)
            .Select(e => new LayerStep(e, LayerIndex(e, layers) switch
            {
                IrVariableIndex v => v.Variable,
                IrArithmeticIndex { Left: IrVariableIndex v } => v.Variable,
                _ => null,
            }));
        return new LayerSweep(layers.Size, [.. steps]) { Descending = descending };
    }

    /// <summary>The shift of the layer an equation writes (<c>l+1</c> is 1, <c>l-1</c> is −1), null for a fixed layer.</summary>
    private static int? Offset(IrIndexExpression written) => written switch
    {
        IrConstantIndex => null,
        IrArithmeticIndex { Operator: IndexOperator.Add, Right: IrConstantIndex k } => k.Value,
        IrArithmeticIndex { Operator: IndexOperator.Subtract, Right: IrConstantIndex k } => -k.Value,
        _ => 0,
    };

    /// <summary>Whether equations read the component at a later layer than they write (<c>H[t] = … H[t+1]</c>).</summary>
    private static bool ReadsAhead(Stratum stratum, ImmutableArray<IrEquation> equations, Domain layers) =>
        equations.Any(e => LayerIndex(e, layers) is IrVariableIndex written && e.GenericTerms
            .SelectMany(t => t.Factors).SelectMany(f => f.Reads())
            .Where(r => stratum.Tensors.Contains(r.Tensor))
            .Any(r => r.Indices[r.Tensor.Domains.IndexOf(layers)] is IrArithmeticIndex { Operator: IndexOperator.Add, Left: IrVariableIndex v, Right: IrConstantIndex { Value: > 0 } } && v == written));

    /// <summary>
    /// Whether the recursion moves along the domain: the equation writes a shifted layer (<c>Emb[n, l+1, d]</c>),
    /// or reads a tensor of the component at a shift of the layer it writes (<c>H[e, h', t-1]</c>). A domain read
    /// only at plain variables, such as the examples <c>e</c> of a batched RNN <c>H[e, h, t] = tanh(W[h, h'] H[e, h', t-1] + …)</c>,
    /// the nodes of a GNN's <c>Neig(n, n') Z[n', l, d]</c> or of shortest paths (<c>Dist[0] = 0</c>,
    /// <c>Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)</c>: a fixed layer alone orders nothing), is no layer order:
    /// sweeping it would run the whole recursion once per value.
    /// </summary>
    private static bool Shifts(Stratum stratum, IrEquation equation, Domain layers)
    {
        if (LayerIndex(equation, layers) is IrConstantIndex)
            return false;
        if (LayerIndex(equation, layers) is not IrVariableIndex written)
            return true;
        return equation.GenericTerms
            .SelectMany(t => t.Factors).SelectMany(f => f.Reads())
            .Where(r => stratum.Tensors.Contains(r.Tensor))
            .Any(r => r.Indices[r.Tensor.Domains.IndexOf(layers)] is IrArithmeticIndex { Left: IrVariableIndex v, Right: IrConstantIndex } && v == written);
    }

    private static IrIndexExpression? LayerIndex(IrEquation equation, Domain layers)
    {
        var index = equation.TargetAccess.Indices[equation.Target.Domains.IndexOf(layers)];
        return index is IrVariableIndex or IrConstantIndex
            or IrArithmeticIndex { Operator: IndexOperator.Add or IndexOperator.Subtract, Left: IrVariableIndex, Right: IrConstantIndex { Value: >= 0 } }
            ? index
            : null;
    }
}
