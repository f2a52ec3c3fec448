using System.Text;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Cpu.Tests.Differential;

/// <summary>
/// Recursions whose rounds read no relation they derive (only deltas and data), so the CPU engine grows the
/// relations as it derives, and one that reads its own relation (so it does not): each against tuples worked
/// out without Datalog, with rounds large enough to be split over threads. The reference engine, which joins
/// binding by binding, would take hours on these sizes.
/// </summary>
public class LinearRecursionTests
{
    [Theory]
    [InlineData("cpu", false)]
    [InlineData("cpu-f64", false)]
    [InlineData("cpu", true)]
    public void Same_generation_on_a_wide_tree_is_every_pair_of_distinct_nodes_at_one_depth(string engine, bool farNode)
    {
        // Parents among the 240 nodes before: generations of about 120 nodes, rounds of about 14,000 tuples.
        // Sg becomes bits over 2,400² cells; a node numbered 99,999 (in a relation of its own) keeps it a set.
        var random = new Random(9);
        const int nodes = 2400;
        var depth = new int[nodes];
        var text = new StringBuilder("Par : bool[Node, Node]\n");
        if (farNode)
            text.Append("Far : bool[Node]\nFar(99999)\n");
        for (var child = 1; child < nodes; child++)
        {
            var parent = random.Next(Math.Max(0, child - 240), child);
            depth[child] = depth[parent] + 1;
            text.Append($"Par({parent}, {child})\n");
        }
        text.Append("Sg(x, y) <- Par(p, x), Par(p, y), x != y\nSg(x, y) <- Par(p, x), Sg(p, q), Par(q, y)\nSg?\n");
        var expected = new HashSet<(int, int)>();
        for (var x = 0; x < nodes; x++)
        {
            for (var y = 0; y < nodes; y++)
            {
                if (x != y && depth[x] == depth[y])
                    expected.Add((x, y));
            }
        }
        Assert.Equal(expected.Order(), Tuples(text.ToString(), "Sg", engine));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void Two_relations_recursing_through_each_other_are_the_walks_of_odd_and_even_length(string engine)
    {
        var random = new Random(12);
        const int nodes = 400;
        var edges = new HashSet<(int, int)>();
        while (edges.Count < 1200)
            edges.Add((random.Next(nodes), random.Next(nodes)));
        var text = new StringBuilder("E : bool[Node, Node]\n");
        foreach (var (a, b) in edges)
            text.Append($"E({a}, {b})\n");
        text.Append("Odd(x, y) <- E(x, y)\nEven(x, z) <- Odd(x, y), E(y, z)\nOdd(x, z) <- Even(x, y), E(y, z)\nOdd?\nEven?\n");
        // A breadth-first search over (node, parity of the walk so far) from each start.
        var next = edges.ToLookup(e => e.Item1, e => e.Item2);
        var (odd, even) = (new HashSet<(int, int)>(), new HashSet<(int, int)>());
        for (var start = 0; start < nodes; start++)
        {
            var seen = new HashSet<(int Node, bool Odd)>();
            var queue = new Queue<(int Node, bool Odd)>();
            foreach (var y in next[start])
            {
                if (seen.Add((y, true)))
                    queue.Enqueue((y, true));
            }
            while (queue.Count > 0)
            {
                var (node, isOdd) = queue.Dequeue();
                (isOdd ? odd : even).Add((start, node));
                foreach (var z in next[node])
                {
                    if (seen.Add((z, !isOdd)))
                        queue.Enqueue((z, !isOdd));
                }
            }
        }
        Assert.Equal(odd.Order(), Tuples(text.ToString(), "Odd", engine));
        Assert.Equal(even.Order(), Tuples(text.ToString(), "Even", engine));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void A_closure_that_joins_itself_is_reachability(string engine)
    {
        var random = new Random(5);
        const int nodes = 600;
        var edges = new HashSet<(int, int)>();
        while (edges.Count < 700)
            edges.Add((random.Next(nodes), random.Next(nodes)));
        var text = new StringBuilder("E : bool[Node, Node]\n");
        foreach (var (a, b) in edges)
            text.Append($"E({a}, {b})\n");
        text.Append("Reach(x, y) <- E(x, y)\nReach(x, z) <- Reach(x, y), Reach(y, z)\nReach?\n");
        var next = edges.ToLookup(e => e.Item1, e => e.Item2);
        var expected = new HashSet<(int, int)>();
        for (var start = 0; start < nodes; start++)
        {
            var stack = new Stack<int>(next[start]);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!expected.Add((start, node)))
                    continue;
                foreach (var z in next[node])
                    stack.Push(z);
            }
        }
        Assert.Equal(expected.Order(), Tuples(text.ToString(), "Reach", engine));
    }

    private static List<(int, int)> Tuples(string program, string tensor, string engine)
    {
        var compiled = Compilation.Compile([new SourceText(program, "linear.tl")], new DataFileReader());
        var bound = compiled.Bound!;
        var session = new Session(bound, EngineMatrix.Get(engine).Engine, new EvaluationOptions());
        var relation = (Relation)session.Evaluate(bound.FindTensor(tensor)!);
        return [.. relation.Tuples.Select(t => (t[0], t[1])).Order()];
    }
}
