using TensorLogic.Backends.Gpu.Relational;
using static TensorLogic.Backends.Gpu.Tests.Relational.RelationFixture;

namespace TensorLogic.Backends.Gpu.Tests.Relational;

/// <summary>Semi-naive transitive closure on the device against a breadth-first search from every node.</summary>
public class TransitiveClosureTests
{
    [Fact]
    public void A_cycle_reaches_every_node_from_every_node()
    {
        const int n = 50;
        var edges = Enumerable.Range(0, n).Select(i => new[] { i, (i + 1) % n }).ToList();
        var result = Check(n, edges);
        Assert.Equal(n * n, result.Relation.Count);
        // Round k finds the pairs k + 1 edges apart (a node is n edges from itself); round n finds none.
        Assert.Equal(n, result.Rounds);
        result.Relation.Dispose();
    }

    [Fact]
    public void A_random_graph()
    {
        const int n = 200;
        var random = new Random(42);
        var edges = Enumerable.Range(0, 600).Select(_ => new[] { random.Next(n), random.Next(n) }).ToList();
        Check(n, edges).Relation.Dispose();
    }

    [Fact]
    public void Self_loops_and_duplicate_edges()
    {
        const int n = 30;
        var random = new Random(43);
        var edges = Enumerable.Range(0, n).Select(i => new[] { i, i })
            .Concat(Enumerable.Range(0, 40).Select(_ => new[] { random.Next(n), random.Next(n) }))
            .Concat([[3, 4], [3, 4], [4, 5]])
            .ToList();
        Check(n, edges).Relation.Dispose();
    }

    [Fact]
    public void An_empty_graph_has_an_empty_closure()
    {
        var result = Check(10, []);
        Assert.Equal(0, result.Relation.Count);
        Assert.Equal(1, result.Rounds);
        result.Relation.Dispose();
    }

    [Fact]
    public void The_round_cap_stops_a_long_chain()
    {
        var edges = Enumerable.Range(0, 20).Select(i => new[] { i, i + 1 }).ToList();
        var result = TransitiveClosure.Compute(Relations, 21, edges, maxRounds: 3);
        Assert.False(result.Converged);
        Assert.Equal(3, result.Rounds);
        // Paths of at most four edges are known after three rounds.
        AssertSameTuples(
            [.. Enumerable.Range(0, 21).SelectMany(x => Enumerable.Range(x + 1, 4).Where(z => z <= 20).Select(z => new[] { x, z }))],
            result.Relation.ToTuples());
        result.Relation.Dispose();
    }

    private static ClosureResult Check(int nodes, List<int[]> edges)
    {
        var result = TransitiveClosure.Compute(Relations, nodes, edges, maxRounds: nodes + 1);
        Assert.True(result.Converged);
        AssertSameTuples(BreadthFirstClosure(nodes, edges), result.Relation.ToTuples());
        return result;
    }

    /// <summary>(x, z) for every z reachable from x by one edge or more, in ascending order.</summary>
    private static List<int[]> BreadthFirstClosure(int nodes, List<int[]> edges)
    {
        var successors = edges.ToLookup(e => e[0], e => e[1]);
        var closure = new List<int[]>();
        for (var x = 0; x < nodes; x++)
        {
            var reached = new bool[nodes];
            var frontier = new Queue<int>(successors[x]);
            while (frontier.Count > 0)
            {
                var y = frontier.Dequeue();
                if (reached[y])
                    continue;
                reached[y] = true;
                foreach (var z in successors[y])
                    frontier.Enqueue(z);
            }
            closure.AddRange(Enumerable.Range(0, nodes).Where(z => reached[z]).Select(z => new[] { x, z }));
        }
        return closure;
    }
}
