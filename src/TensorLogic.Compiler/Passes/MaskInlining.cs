using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Passes;

/// <summary>
/// Puts the body of a mask rule where the mask is read, so that the mask is applied by its comparisons
/// and no relation of every masked cell is derived first:
/// <c>Before(q, p) &lt;- Pos(q), Pos(p), q &lt;= p</c>,
/// <c>Comp[h, p, q.] = softmax(Before(q, p) Query[h, p, dk] Key[h, q, dk])</c>
/// → <c>Comp[h, p, q.] = softmax(Pos(q) Pos(p) [q &lt;= p] Query[h, p, dk] Key[h, q, dk])</c>.
/// A top-level relation factor filters bindings, and so do the body's atoms and comparisons, so the two
/// are the same filter exactly when the relation is that one rule: no data, no other rule, no recursion,
/// every body variable in the head (nothing projected). Only a mask is inlined — a relation over output
/// indices in an equation with an outer function, which the lowering applies to a dense contraction —
/// since elsewhere a relation is joined sparsely, which its body would not be. The rule is kept for whoever
/// else reads it; dead-equation elimination drops it when nothing does.
/// </summary>
public static class MaskInlining
{
    public const string Name = "inline-masks";

    public static BoundProgram Run(BoundProgram program, IReadOnlySet<TensorSymbol> roots)
    {
        var rules = InlinableRules(program);
        if (rules.Count == 0)
            return program;
        var changed = false;
        var equations = program.Equations.Select(equation =>
        {
            var rewritten = Rewrite(equation, rules);
            changed |= !ReferenceEquals(rewritten, equation);
            return rewritten;
        }).ToImmutableArray();
        if (!changed)
            return program;
        return program with { Equations = equations, Strata = DependencyAnalysis.Stratify(program.Tensors, equations) };
    }

    /// <summary>The relations defined by exactly one non-recursive rule of filters over its head's variables, by relation.</summary>
    private static Dictionary<TensorSymbol, BoundEquation> InlinableRules(BoundProgram program)
    {
        var recursive = program.Strata.Where(s => s.IsRecursive).SelectMany(s => s.Tensors).ToHashSet();
        var withData = program.Data.Select(d => d.Tensor).ToHashSet();
        return program.Equations
            .GroupBy(e => e.Target.Tensor)
            .Where(g => g.Count() == 1 && !recursive.Contains(g.Key) && !withData.Contains(g.Key) && IsFilterRule(g.Single()))
            .ToDictionary(g => g.Key, g => g.Single());
    }

    private static bool IsFilterRule(BoundEquation rule)
    {
        if (!rule.IsRule || rule.Loop is not null || rule.Function is not null || rule.Terms.Length != 1 || rule.Terms[0].Sign < 0)
            return false;
        var head = rule.Target.Indices.Select(i => (i as VariableIndex)?.Variable).ToList();
        if (head.Any(v => v is null) || head.Distinct().Count() != head.Count)
            return false;
        var term = rule.Terms[0];
        return term.Variables.All(head.Contains)
            && term.Factors.All(f => f is BoundComparison or BoundIndexPredicate
                || f is BoundTensorRead { Reference: { Tensor.IsBoolean: true, Virtual: null } });
    }

    private static BoundEquation Rewrite(BoundEquation equation, Dictionary<TensorSymbol, BoundEquation> rules)
    {
        if (equation.Function is null || equation.Target.Tensor.IsBoolean || equation.Loop is not null)
            return equation;
        var lhs = equation.Target.Indices.OfType<VariableIndex>().Select(v => v.Variable).ToHashSet();
        var inlined = new List<string>();
        var terms = equation.Terms.Select(term =>
        {
            if (!term.Factors.Any(f => MaskRule(f, lhs, rules) is not null))
                return term;
            var factors = term.Factors.SelectMany(f => MaskRule(f, lhs, rules) is { } rule ? Body(rule, (BoundTensorRead)f, inlined) : [f]);
            return term with { Factors = [.. factors] };
        }).ToImmutableArray();
        if (inlined.Count == 0)
            return equation;
        return equation with { Terms = terms, Text = equation.Text + $"  (with {string.Join(", ", inlined.Distinct())} inlined)" };
    }

    /// <summary>The rule of a relation read as a mask (plain output indices), if it can be inlined.</summary>
    private static BoundEquation? MaskRule(BoundExpression factor, HashSet<IndexVariable> lhs, Dictionary<TensorSymbol, BoundEquation> rules) =>
        factor is BoundTensorRead { Reference: { Virtual: null } reference }
        && rules.TryGetValue(reference.Tensor, out var rule)
        && reference.Indices.All(i => i is VariableIndex v && lhs.Contains(v.Variable))
            ? rule
            : null;

    /// <summary>The rule's body factors with its head variables renamed to the indices the mask is read at.</summary>
    private static IEnumerable<BoundExpression> Body(BoundEquation rule, BoundTensorRead read, List<string> inlined)
    {
        inlined.Add(rule.Target.Tensor.Name);
        var map = rule.Target.Indices.Select((index, p) => (((VariableIndex)index).Variable, read.Reference.Indices[p]))
            .ToDictionary(x => x.Variable, x => x.Item2);
        return rule.Terms[0].Factors.Select(f => BoundRewriter.Substitute(f, map));
    }
}
