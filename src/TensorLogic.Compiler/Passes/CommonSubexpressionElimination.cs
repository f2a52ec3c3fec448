using System.Collections.Immutable;
using System.Text;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Passes;

/// <summary>
/// Computes a contraction that several equations share once:
/// <c>A[i] = relu(W[i, j] X[j])</c>, <c>B[i] = sig(W[i, j] X[j])</c>
/// → <c>$cse0[i] = W[i, j] X[j]</c>, <c>A[i] = relu($cse0[i])</c>, <c>B[i] = sig($cse0[i])</c>.
/// Terms match when their factors are the same tensors with the same index pattern up to renaming,
/// and keep the same variables; only pure products of plain-indexed real tensors with a summed index are shared.
/// </summary>
public static class CommonSubexpressionElimination
{
    public const string Name = "cse";

    public static BoundProgram Run(BoundProgram program)
    {
        var recursive = program.Strata.Where(s => s.IsRecursive).SelectMany(s => s.Tensors).ToHashSet();
        var occurrences = new Dictionary<string, List<(BoundEquation Equation, int Term)>>();
        foreach (var equation in program.Equations)
        {
            if (equation.IsRule || equation.Target.Tensor.IsBoolean || equation.Loop is not null || recursive.Contains(equation.Target.Tensor))
                continue;
            for (var t = 0; t < equation.Terms.Length; t++)
            {
                if (Key(equation, equation.Terms[t]) is { } key)
                {
                    if (!occurrences.TryGetValue(key, out var list))
                        occurrences[key] = list = [];
                    list.Add((equation, t));
                }
            }
        }
        var shared = occurrences.Values.Where(o => o.Count > 1).ToList();
        if (shared.Count == 0)
            return program;
        var equations = program.Equations.ToList();
        var tensors = program.Tensors.ToList();
        var replacements = new Dictionary<BoundEquation, BoundEquation>();
        foreach (var group in shared)
        {
            var (first, firstTerm) = group[0];
            var term = first.Terms[firstTerm];
            var kept = KeptVariables(first, term);
            var symbol = TensorSymbol.Synthesized($"$cse{tensors.Count(t => t.Name.StartsWith("$cse", StringComparison.Ordinal))}",
                ElementType.Real, [.. kept.Select(v => v.Domain)], term.Location);
            tensors.Add(symbol);
            var (variables, map) = BoundRewriter.Renumber(kept.Concat(term.Factors.SelectMany(BoundExpressions.VariablesOf)));
            var target = new BoundTensorRef(symbol, [.. kept.Select(v => map[v])], null, term.Location);
            var factors = term.Factors.Select(f => BoundRewriter.Substitute(f, map)).ToImmutableArray();
            var shareTerm = new BoundTerm(1, factors, variables, term.Location);
            var text = $"{symbol.Name}[{string.Join(", ", kept.Select(v => v.Name))}] = {string.Join(" ", term.Factors.Select(BoundProgramPrinter.Print))}";
            equations.Insert(equations.IndexOf(replacements.GetValueOrDefault(first, first)), new BoundEquation(target, Aggregation.Sum, null, [shareTerm], variables, false, text, term.Location));
            foreach (var (equation, index) in group)
            {
                var current = replacements.GetValueOrDefault(equation, equation);
                var original = equation.Terms[index];
                var keptHere = KeptVariables(equation, original);
                var read = new BoundTensorRead(new BoundTensorRef(symbol, [.. keptHere.Select(v => (BoundIndex)new VariableIndex(v))], null, original.Location));
                var lhs = equation.Target.Indices.SelectMany(i => i.Variables());
                var newTerm = original with { Factors = [read], Variables = [.. lhs.Concat(keptHere).Distinct().OrderBy(v => v.Ordinal)] };
                var updated = current with { Terms = current.Terms.SetItem(index, newTerm) };
                equations[equations.IndexOf(current)] = updated;
                replacements[equation] = updated;
            }
        }
        var all = equations.ToImmutableArray();
        return program with
        {
            Tensors = [.. tensors],
            Equations = all,
            Strata = DependencyAnalysis.Stratify([.. tensors], all),
        };
    }

    /// <summary>The term's variables that survive its sum: those of the left-hand side it uses, in order of appearance.</summary>
    private static List<IndexVariable> KeptVariables(BoundEquation equation, BoundTerm term)
    {
        var lhs = equation.Target.Indices.SelectMany(i => i.Variables()).ToHashSet();
        return term.Factors.SelectMany(BoundExpressions.VariablesOf).Distinct().Where(lhs.Contains).ToList();
    }

    private static string? Key(BoundEquation equation, BoundTerm term)
    {
        if (term.Factors.Length < 2 || equation.Aggregation != Aggregation.Sum)
            return null;
        var lhs = equation.Target.Indices.SelectMany(i => i.Variables()).ToHashSet();
        var names = new Dictionary<IndexVariable, string>();
        var key = new StringBuilder();
        foreach (var factor in term.Factors)
        {
            if (factor is not BoundTensorRead { Reference: { Virtual: null, Tensor.IsBoolean: false } reference }
                || reference.Indices.Any(i => i is not VariableIndex))
                return null;
            key.Append(reference.Tensor.Name).Append('[');
            foreach (var index in reference.Indices.Cast<VariableIndex>())
            {
                if (!names.TryGetValue(index.Variable, out var name))
                    names[index.Variable] = name = $"v{names.Count}";
                key.Append(name).Append(',');
            }
            key.Append(']');
        }
        var summed = names.Keys.Where(v => !lhs.Contains(v)).ToList();
        if (summed.Count == 0)
            return null;
        key.Append('|').Append(string.Join(",", names.Where(n => lhs.Contains(n.Key)).Select(n => n.Value)));
        return key.ToString();
    }
}
