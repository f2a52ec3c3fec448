using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Passes;

/// <summary>Substitution of index variables by index expressions inside bound expressions (used by rewriting passes).</summary>
internal static class BoundRewriter
{
    public static BoundIndex Substitute(BoundIndex index, IReadOnlyDictionary<IndexVariable, BoundIndex> map) => index switch
    {
        VariableIndex v => map.TryGetValue(v.Variable, out var replacement) ? replacement : v,
        ArithmeticIndex a => new ArithmeticIndex(Substitute(a.Left, map), a.Operator, Substitute(a.Right, map)),
        NegatedIndex n => new NegatedIndex(Substitute(n.Operand, map)),
        _ => index,
    };

    public static BoundTensorRef Substitute(BoundTensorRef reference, IReadOnlyDictionary<IndexVariable, BoundIndex> map) =>
        reference with { Indices = [.. reference.Indices.Select(i => Substitute(i, map))] };

    public static BoundExpression Substitute(BoundExpression expression, IReadOnlyDictionary<IndexVariable, BoundIndex> map) => expression switch
    {
        BoundTensorRead read => new BoundTensorRead(Substitute(read.Reference, map)),
        BoundIndexValue value => value with { Index = Substitute(value.Index, map) },
        BoundCall call => call with { Arguments = [.. call.Arguments.Select(a => Substitute(a, map))] },
        BoundUnary unary => unary with { Operand = Substitute(unary.Operand, map) },
        BoundBinary binary => binary with { Left = Substitute(binary.Left, map), Right = Substitute(binary.Right, map) },
        BoundComparison comparison => comparison with { Left = Substitute(comparison.Left, map), Right = Substitute(comparison.Right, map) },
        BoundIndexPredicate predicate => predicate with { Index = Substitute(predicate.Index, map) },
        _ => expression,
    };

    /// <summary>Fresh variables numbered 0..n-1 for a new equation, with the map from the old ones.</summary>
    public static (ImmutableArray<IndexVariable> Variables, Dictionary<IndexVariable, BoundIndex> Map) Renumber(IEnumerable<IndexVariable> variables)
    {
        var fresh = variables.Distinct().Select((v, i) => (Old: v, New: new IndexVariable(v.Name, v.Domain, i))).ToList();
        return ([.. fresh.Select(f => f.New)], fresh.ToDictionary(f => f.Old, f => (BoundIndex)new VariableIndex(f.New)));
    }
}
