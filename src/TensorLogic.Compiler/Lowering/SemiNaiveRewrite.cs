using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Lowering;

/// <summary>
/// The delta rewrite of semi-naive evaluation, one copy of a rule per atom of its own component in the body,
/// that atom reading the delta relation (the tuples new in the last round), so no round re-derives what
/// earlier rounds found:
/// <code>
/// Ancestor(x, z) &lt;- Ancestor(x, y), Parent(y, z)   -----&gt;   Ancestor(x, z) &lt;- ΔAncestor(x, y), Parent(y, z)
/// </code>
/// </summary>
internal static class SemiNaiveRewrite
{
    public static IEnumerable<BoundEquation> DeltaVariants(BoundEquation rule, IReadOnlyDictionary<TensorSymbol, TensorSymbol> deltas)
    {
        var term = rule.Terms[0];
        for (var i = 0; i < term.Factors.Length; i++)
        {
            if (term.Factors[i] is not BoundTensorRead read || !deltas.TryGetValue(read.Reference.Tensor, out var delta))
                continue;
            var deltaRead = new BoundTensorRead(read.Reference with { Tensor = delta });
            var factors = term.Factors.SetItem(i, deltaRead);
            var text = $"{rule.Text}   [atom {i + 1} reads {delta.Name}]";
            yield return rule with { Terms = ImmutableArray.Create(term with { Factors = factors }), Text = text };
        }
    }
}
