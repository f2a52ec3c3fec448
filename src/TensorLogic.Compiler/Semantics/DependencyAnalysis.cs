using System.Collections.Immutable;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// Builds the dependency graph (tensor → tensors its equations read), finds its strongly connected
/// components in topological order (Tarjan), and checks stratification: no tensor may depend negatively
/// (through <c>not</c>) on its own component.
/// </summary>
public static class DependencyAnalysis
{
    public static ImmutableArray<Stratum> Analyze(
        ImmutableArray<TensorSymbol> tensors,
        ImmutableArray<BoundEquation> equations,
        DiagnosticBag diagnostics) => Build(tensors, equations, diagnostics);

    /// <summary>
    /// The strata without the stratification check, for passes that rewrite a program the binder has
    /// already checked: they only need the components recomputed for the equations they changed.
    /// </summary>
    public static ImmutableArray<Stratum> Stratify(ImmutableArray<TensorSymbol> tensors, ImmutableArray<BoundEquation> equations) =>
        Build(tensors, equations, null);

    private static ImmutableArray<Stratum> Build(
        ImmutableArray<TensorSymbol> tensors,
        ImmutableArray<BoundEquation> equations,
        DiagnosticBag? diagnostics)
    {
        var edges = tensors.ToDictionary(t => t, _ => new List<(TensorSymbol To, bool Negated, BoundEquation Equation)>());
        foreach (var equation in equations)
        {
            foreach (var (read, negated) in equation.Reads())
                edges[equation.Target.Tensor].Add((read, negated, equation));
            // A loop that reads another loop's tensor at *t reads its current step: the two loops step together,
            // so they are made one component, which runs as one loop.
            foreach (var looped in equation.Loop is null ? [] : LoopReads(equation))
                edges[looped].Add((equation.Target.Tensor, false, equation));
        }
        var components = StronglyConnected(tensors, t => edges[t].Select(e => e.To));
        var strata = ImmutableArray.CreateBuilder<Stratum>();
        foreach (var component in components)
        {
            var members = component.ToHashSet();
            var internalEdges = component.SelectMany(t => edges[t]).Where(e => members.Contains(e.To)).ToList();
            if (diagnostics is not null && internalEdges.FirstOrDefault(e => e.Negated) is { Equation: not null } negative)
            {
                var cycle = string.Join(" -> ", component.Select(t => t.Name).Append(component[0].Name));
                diagnostics.Report(Catalog.UnstratifiableNegation, negative.Equation.Location,
                    $"'{negative.Equation.Target.Tensor.Name}' depends on the negation of '{negative.To.Name}', which depends on it in turn ({cycle})",
                    "negation must not go through recursion: compute the negated relation in an earlier, separate stratum");
            }
            // min= and max= only ever move a cell one way, so their recursion has a least fixpoint; a mean can
            // move either way each round and need not settle.
            if (diagnostics is not null && internalEdges.FirstOrDefault(e => e.Equation.Aggregation == Aggregation.Average) is { Equation: not null } averaged)
            {
                diagnostics.Report(Catalog.RecursionThroughAggregate, averaged.Equation.Location,
                    $"'{averaged.Equation.Target.Tensor.Name}' is averaged (avg=) over '{averaged.To.Name}', which depends on it in turn",
                    "min= and max= may recurse (shortest and widest paths); compute the average outside the recursion");
            }
            var recursive = internalEdges.Count > 0;
            var stratumEquations = equations.Where(e => members.Contains(e.Target.Tensor)).ToImmutableArray();
            strata.Add(new Stratum([.. component], stratumEquations, recursive));
        }
        return strata.ToImmutable();
    }

    private static IEnumerable<TensorSymbol> LoopReads(BoundEquation equation) =>
        equation.Terms.SelectMany(t => t.Factors).SelectMany(BoundExpressions.ReadsIn)
            .Where(r => r.Virtual is not null && r.Tensor != equation.Target.Tensor).Select(r => r.Tensor);

    /// <summary>Tarjan's algorithm, iterative; components come out dependencies first.</summary>
    private static List<List<TensorSymbol>> StronglyConnected(IReadOnlyList<TensorSymbol> nodes, Func<TensorSymbol, IEnumerable<TensorSymbol>> successors)
    {
        var index = new Dictionary<TensorSymbol, int>();
        var low = new Dictionary<TensorSymbol, int>();
        var onStack = new HashSet<TensorSymbol>();
        var stack = new Stack<TensorSymbol>();
        var result = new List<List<TensorSymbol>>();
        var counter = 0;
        foreach (var start in nodes)
        {
            if (index.ContainsKey(start))
                continue;
            var work = new Stack<(TensorSymbol Node, IEnumerator<TensorSymbol> Next)>();
            Visit(start);
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    var successor = next.Current;
                    if (!index.ContainsKey(successor))
                        Visit(successor);
                    else if (onStack.Contains(successor))
                        low[node] = Math.Min(low[node], index[successor]);
                    continue;
                }
                work.Pop();
                if (work.Count > 0)
                    low[work.Peek().Node] = Math.Min(low[work.Peek().Node], low[node]);
                if (low[node] != index[node])
                    continue;
                var component = new List<TensorSymbol>();
                TensorSymbol member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                component.Reverse();
                result.Add(component);
            }

            void Visit(TensorSymbol node)
            {
                index[node] = low[node] = counter++;
                stack.Push(node);
                onStack.Add(node);
                work.Push((node, successors(node).Distinct().ToList().GetEnumerator()));
            }
        }
        return result;
    }
}
