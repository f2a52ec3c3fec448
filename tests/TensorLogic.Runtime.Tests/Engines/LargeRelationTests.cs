using System.Text;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Engines;

/// <summary>
/// Rules over relations large enough for what small tests never reach: relations that turn dense (bits),
/// lookups through transposed bits, runs of bits added at once, and rounds split over threads (a first
/// atom of thousands of tuples). Answers are checked against closures and generations computed here by
/// plain graph search.
/// </summary>
public class LargeRelationTests
{
    public static TheoryData<string> Engines => ["cpu", "cpu-f64"];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Transitive_closure_of_a_random_graph(string engine)
    {
        var edges = RandomEdges(new Random(1), nodes: 700, count: 2800);
        var reach = Evaluate(engine, Facts("E", edges) + "Reach(x, y) <- E(x, y)\nReach(x, z) <- Reach(x, y), E(y, z)\nReach?", "Reach");
        Assert.True(reach.Count > 4096, "the rounds must be big enough to split");
        Assert.Equal(Closure(edges, 700), Pairs(reach));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Doubling_closure_looks_up_a_dense_relation_by_its_second_position(string engine)
    {
        // Reach(x, y) is read with y bound: on a dense Reach, through its transposed bits.
        var edges = RandomEdges(new Random(2), nodes: 400, count: 1000);
        var reach = Evaluate(engine, Facts("E", edges) + "Reach(x, y) <- E(x, y)\nReach(x, z) <- Reach(x, y), Reach(y, z)\nReach?", "Reach");
        Assert.True(reach.IsDense);
        Assert.Equal(Closure(edges, 400), Pairs(reach));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Closure_of_a_complete_graph_adds_runs_of_bits(string engine)
    {
        const int n = 150;
        var edges = Enumerable.Range(0, n).SelectMany(x => Enumerable.Range(0, n).Where(y => y != x).Select(y => (x, y))).ToList();
        var reach = Evaluate(engine, Facts("E", edges) + "Reach(x, y) <- E(x, y)\nReach(x, z) <- Reach(x, y), E(y, z)\nReach?", "Reach");
        Assert.Equal(n * n, reach.Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Same_generation_on_a_deep_tree(string engine)
    {
        // Parent among the 30 nodes before: generations about 15 wide, so rounds of thousands of tuples.
        var random = new Random(3);
        const int n = 3000;
        var parents = Enumerable.Range(1, n - 1).Select(i => (random.Next(Math.Max(0, i - 30), i), i)).ToList();
        var program = Facts("Par", parents) + "Sg(x, y) <- Par(p, x), Par(p, y), x != y\nSg(x, y) <- Par(p, x), Sg(p, q), Par(q, y)\nSg?";
        var sg = Evaluate(engine, program, "Sg");
        var depth = new int[n];
        foreach (var (parent, child) in parents)
            depth[child] = depth[parent] + 1;
        var expected = new SortedSet<(int, int)>();
        for (var x = 0; x < n; x++)
        {
            for (var y = 0; y < n; y++)
            {
                if (x != y && depth[x] == depth[y])
                    expected.Add((x, y));
            }
        }
        Assert.Equal(expected, Pairs(sg));
    }

    private static Relation Evaluate(string engine, string program, string tensor)
    {
        var compiled = Compilation.Compile([new SourceText(program, "large.tl")], new DataFileReader());
        Assert.NotNull(compiled.Bound);
        var session = new Session(compiled.Bound!, EngineMatrix.Get(engine).Engine, new EvaluationOptions());
        return (Relation)session.Evaluate(compiled.Bound!.FindTensor(tensor)!);
    }

    private static string Facts(string name, IEnumerable<(int, int)> tuples)
    {
        var text = new StringBuilder();
        foreach (var (x, y) in tuples)
            text.Append($"{name}({x}, {y})\n");
        return text.ToString();
    }

    private static List<(int, int)> RandomEdges(Random random, int nodes, int count)
    {
        var edges = new HashSet<(int, int)>();
        while (edges.Count < count)
            edges.Add((random.Next(nodes), random.Next(nodes)));
        return [.. edges];
    }

    /// <summary>Every (x, y) with a path of one edge or more from x to y, by a search from each node.</summary>
    private static SortedSet<(int, int)> Closure(List<(int, int)> edges, int nodes)
    {
        var next = edges.ToLookup(e => e.Item1, e => e.Item2);
        var closure = new SortedSet<(int, int)>();
        for (var x = 0; x < nodes; x++)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(next[x]);
            while (stack.Count > 0)
            {
                var y = stack.Pop();
                if (!seen.Add(y))
                    continue;
                closure.Add((x, y));
                foreach (var z in next[y])
                    stack.Push(z);
            }
        }
        return closure;
    }

    private static SortedSet<(int, int)> Pairs(Relation relation)
    {
        var pairs = new SortedSet<(int, int)>();
        foreach (var tuple in relation)
            pairs.Add((tuple[0], tuple[1]));
        return pairs;
    }
}
