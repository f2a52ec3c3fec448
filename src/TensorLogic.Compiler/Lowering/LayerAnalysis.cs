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
            .FirstOrDefault(d => stratum.Equations.All(e => LayerIndex(e, d) is not null));
        if (layers is null)
            return null;
        // Within one layer: equations that write a fixed layer first, then those that write the current
        // layer from finished ones, then those that write later layers; source order among equals.
        var steps = equations
            .OrderBy(e => LayerIndex(e.Source, layers) switch
            {
                ConstantIndex => -1,
                ArithmeticIndex { Right: ConstantIndex offset } => offset.Value,
                _ => 0,
            })
            .Select(e => new LayerStep(e, LayerIndex(e.Source, layers) switch
            {
                VariableIndex v => Variable(v.Variable),
                ArithmeticIndex { Left: VariableIndex v } => Variable(v.Variable),
                _ => null,
            }));
        return new LayerSweep(layers.Size, [.. steps]);
    }

    private static IrIndex Variable(IndexVariable variable) => new(variable.Ordinal, variable.Name, variable.Domain.Size);

    private static BoundIndex? LayerIndex(BoundEquation equation, Domain layers)
    {
        var index = equation.Target.Indices[equation.Target.Tensor.Domains.IndexOf(layers)];
        return index is VariableIndex or ConstantIndex
            or ArithmeticIndex { Operator: IndexOperator.Add, Left: VariableIndex, Right: ConstantIndex { Value: >= 0 } }
            ? index
            : null;
    }
}
