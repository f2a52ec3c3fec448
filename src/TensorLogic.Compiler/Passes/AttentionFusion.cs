using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Passes;

/// <summary>
/// Marks where attention's weights may be computed inside the weighted sum that reads them, a block of rows
/// at a time, so that they are never stored (flash attention):
/// <code>
/// Comp[h, p, q.] = softmax(Before(q, p) Query[h, p, dk] Key[h, q, dk] / sqrt(Dk))
/// Attn[h, p, dv] = Comp[h, p, q] Val[h, q, dv]
///   + contract Comp[h,p,q] Val[h,q,dv] -> Attn[h,p,dv]
///   -----&gt;
///   + contract Comp[h,p,q] Val[h,q,dv] -> Attn[h,p,dv] computing Comp in place
/// </code>
/// The mark (<see cref="ContractionTerm.Fused"/>) changes no meaning: the equation still reads Comp, and an
/// engine that ignores the mark computes Comp and reads it. It is set only where computing in place gives
/// exactly Comp's values: Comp has no data and one equation, a single contraction under a softmax along its
/// last index, in a stratum computed once; the weighted sum is a contraction of two tensors that sums over
/// exactly that last index; and no other equation and no root reads Comp. An IR pass, since the mark
/// names the lowered equation of Comp.
/// </summary>
public static class AttentionFusion
{
    public const string Name = "fuse-attention";

    public static IrProgram Run(IrProgram ir, BoundProgram program, IReadOnlySet<TensorSymbol> roots)
    {
        var withData = program.Data.Select(d => d.Tensor).ToHashSet();
        var equations = ir.Strata.SelectMany(s => s.Equations).ToList();
        var changed = false;
        var strata = ir.Strata.Select(stratum =>
        {
            if (stratum.Kind != StratumKind.Once)
                return stratum;
            var rewritten = stratum.Equations.Select(e => Mark(e, equations, withData, roots, ir)).ToList();
            if (rewritten.Select((e, i) => ReferenceEquals(e, stratum.Equations[i])).All(same => same))
                return stratum;
            changed = true;
            return stratum with { Equations = [.. rewritten] };
        }).ToList();
        return changed ? ir with { Strata = [.. strata] } : ir;
    }

    private static IrEquation Mark(IrEquation consumer, List<IrEquation> all, HashSet<TensorSymbol> withData, IReadOnlySet<TensorSymbol> roots, IrProgram ir)
    {
        if (consumer.Terms is not [ContractionTerm { Fused: null, IsMasked: false, Inputs.Length: 2 } term] || consumer.LoopVariable is not null)
            return consumer;
        for (var position = 0; position < 2; position++)
        {
            var weights = term.Inputs[position];
            if (weights.IsSparse || withData.Contains(weights.Tensor) || roots.Contains(weights.Tensor) || weights.Tensor.IsSynthesized)
                continue;
            if (all.Count(e => e.Reads.Contains(weights.Tensor)) != 1 || all.Where(e => e.Target == weights.Tensor).ToList() is not [var producer])
                continue;
            if (!IsOnceSoftmaxContraction(producer, ir) || term.Output.Indices.Contains(weights.Indices[^1])
                || !weights.Indices[..^1].All(term.Output.Indices.Contains))
                continue;
            return consumer with { Terms = [term with { Fused = new FusedInput(position, producer) }] };
        }
        return consumer;
    }

    /// <summary>One contraction under a softmax along the last index only, summed into a tensor computed once.</summary>
    private static bool IsOnceSoftmaxContraction(IrEquation producer, IrProgram ir) =>
        producer.Terms is [ContractionTerm { Fused: null }]
        && producer.Finish is { Function.Normalizer: Normalizer.Softmax, NormalizedAxes: [var axis] }
        && axis == producer.Target.Shape.Length - 1
        && producer.Aggregation == Aggregation.Sum
        && producer.Target.Combination == Aggregation.Sum
        && producer.LoopVariable is null
        && !producer.IsFolded
        && ir.Strata.Single(s => s.Equations.Any(e => ReferenceEquals(e, producer))).Kind == StratumKind.Once;
}
