using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Passes;

/// <summary>
/// Fuses chains of elementwise equations so the intermediate is never stored:
/// <c>H[i, j] = relu(A[i, j])</c>, <c>Y[i, j] = exp(H[i, j]) B[i, j]</c>
/// → <c>Y[i, j] = exp(relu(A[i, j])) B[i, j]</c>.
/// The producer must be a pure map (one term, no summed index, plain indices, no relation filtering
/// which cells it reaches, an elementwise outer function), used only by elementwise terms, and not
/// itself an output, data, or part of a recursion; then substituting it is exactly equivalent.
/// </summary>
public static class ElementwiseFusion
{
    public const string Name = "fuse-elementwise";

    public static BoundProgram Run(BoundProgram program, IReadOnlySet<TensorSymbol> roots)
    {
        var outputs = roots;
        var recursive = program.Strata.Where(s => s.IsRecursive).SelectMany(s => s.Tensors).ToHashSet();
        var withData = program.Data.Select(d => d.Tensor).ToHashSet();
        var equations = program.Equations.ToList();
        var changed = false;
        foreach (var tensor in program.Equations.Select(e => e.Target.Tensor).Distinct())
        {
            // Earlier fusions may have rewritten this producer: always work on its current version.
            var definitions = equations.Where(e => e.Target.Tensor == tensor).ToList();
            if (definitions.Count != 1 || outputs.Contains(tensor) || recursive.Contains(tensor) || withData.Contains(tensor) || !IsPureMap(definitions[0]))
                continue;
            var producer = definitions[0];
            var consumers = equations.Where(e => e != producer && e.Reads().Any(r => r.Tensor == tensor)).ToList();
            if (consumers.Count == 0 || !consumers.All(c => ReadsOnlyElementwise(c, tensor)))
                continue;
            foreach (var consumer in consumers)
                equations[equations.IndexOf(consumer)] = Inline(consumer, producer);
            equations.Remove(producer);
            changed = true;
        }
        if (!changed)
            return program;
        var all = equations.ToImmutableArray();
        return program with { Equations = all, Strata = DependencyAnalysis.Stratify(program.Tensors, all) };
    }

    private static bool IsPureMap(BoundEquation equation)
    {
        if (equation.IsRule || equation.Target.Tensor.IsBoolean || equation.Loop is not null || equation.Aggregation != Aggregation.Sum
            || equation.Terms.Length != 1 || equation.Function is { Function.Kind: not FunctionKind.Elementwise })
            return false;
        var lhs = equation.Target.Indices.Select(i => (i as VariableIndex)?.Variable).ToList();
        if (lhs.Any(v => v is null) || lhs.Distinct().Count() != lhs.Count)
            return false;
        var term = equation.Terms[0];
        return term.Variables.All(lhs.Contains)
            && term.Factors.All(f => f is not (BoundComparison or BoundIndexPredicate) && f is not BoundUnary { Operator: UnaryOperator.Not })
            && term.Factors.SelectMany(BoundExpressions.ReadsIn).All(r => !r.Tensor.IsBoolean && r.Virtual is null && r.Indices.All(i => i is VariableIndex));
    }

    private static bool ReadsOnlyElementwise(BoundEquation consumer, TensorSymbol tensor)
    {
        if (consumer.Loop is not null)
            return false;
        var lhs = consumer.Target.Indices.SelectMany(i => i.Variables()).ToHashSet();
        return consumer.Terms.All(t => !t.Factors.SelectMany(BoundExpressions.ReadsIn).Any(r => r.Tensor == tensor) || t.Variables.All(lhs.Contains))
            && (consumer.Function?.ExtraArguments ?? []).SelectMany(BoundExpressions.ReadsIn).All(r => r.Tensor != tensor);
    }

    private static BoundEquation Inline(BoundEquation consumer, BoundEquation producer)
    {
        var terms = consumer.Terms.Select(t => t with { Factors = [.. t.Factors.Select(f => Replace(f, producer))] }).ToImmutableArray();
        return consumer with { Terms = terms, Text = consumer.Text + $"  (with {producer.Target.Tensor.Name} fused)" };
    }

    private static BoundExpression Replace(BoundExpression expression, BoundEquation producer) => expression switch
    {
        BoundTensorRead read when read.Reference.Tensor == producer.Target.Tensor => Body(producer, read.Reference),
        BoundCall call => call with { Arguments = [.. call.Arguments.Select(a => Replace(a, producer))] },
        BoundUnary unary => unary with { Operand = Replace(unary.Operand, producer) },
        BoundBinary binary => binary with { Left = Replace(binary.Left, producer), Right = Replace(binary.Right, producer) },
        _ => expression,
    };

    /// <summary>The producer's right-hand side at the indices the consumer reads.</summary>
    private static BoundExpression Body(BoundEquation producer, BoundTensorRef at)
    {
        var map = producer.Target.Indices.Select((index, p) => (((VariableIndex)index).Variable, at.Indices[p]))
            .ToDictionary(x => x.Variable, x => x.Item2);
        var term = producer.Terms[0];
        var location = at.Location;
        BoundExpression value = term.Factors.Select(f => BoundRewriter.Substitute(f, map))
            .Aggregate((left, right) => new BoundBinary(left, BinaryOperator.Join, right, location));
        if (term.Sign < 0)
            value = new BoundUnary(UnaryOperator.Negate, value, location);
        if (producer.Function is { } function)
            value = new BoundCall(function.Function, [value, .. function.ExtraArguments], location);
        return value;
    }
}
