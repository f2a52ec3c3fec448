using System.Text;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Tests.Values;
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

    [Theory]
    [MemberData(nameof(Engines))]
    public void Four_cycles_intersect_the_bits_of_the_last_two_atoms(string engine)
    {
        // 70⁴ possible answers are too many for a dense 0/1 result, so the rule is joined; relations of 70 nodes
        // are bits from the start: d comes from T(c, d) and U(d, a) read together.
        const int n = 70;
        var relations = new[] { "R", "S", "T", "U" }.ToDictionary(name => name, name => RandomEdges(new Random(name[0]), n, 1000));
        var program = string.Concat(relations.Select(r => Facts(r.Key, r.Value))) + "Q(a, b, c, d) <- R(a, b), S(b, c), T(c, d), U(d, a)\nQ?";
        var cycles = Evaluate(engine, program, "Q");
        var (s, t, u) = (relations["S"].ToLookup(e => e.Item1, e => e.Item2), relations["T"].ToLookup(e => e.Item1, e => e.Item2), relations["U"].ToHashSet());
        var expected = new SortedSet<(int, int, int, int)>();
        foreach (var (a, b) in relations["R"])
        {
            foreach (var c in s[b])
            {
                foreach (var d in t[c].Where(d => u.Contains((d, a))))
                    expected.Add((a, b, c, d));
            }
        }
        Assert.True(expected.Count > 1000);
        Assert.Equal(expected, new SortedSet<(int, int, int, int)>(cycles.Tuples.Select(q => (q[0], q[1], q[2], q[3]))));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Triangles_with_a_negated_atom_and_a_constant(string engine)
    {
        // c is free in E(b, c) and in E(c, a): their bits are intersected, the negation and the comparison
        // still run for each c that both hold. 260³ possible answers: joined, not computed densely.
        const int n = 260;
        var (edges, blocked) = (RandomEdges(new Random(7), n, 6000), RandomEdges(new Random(8), n, 3000));
        var program = Facts("E", edges) + Facts("F", blocked) + "Tri(a, b, c) <- E(a, b), E(b, c), E(c, a), not F(a, c), c != 3\nTri?";
        var triangles = Evaluate(engine, program, "Tri");
        var (next, edge, block) = (edges.ToLookup(e => e.Item1, e => e.Item2), edges.ToHashSet(), blocked.ToHashSet());
        var expected = new SortedSet<(int, int, int)>();
        foreach (var (a, b) in edges)
        {
            foreach (var c in next[b].Where(c => edge.Contains((c, a)) && !block.Contains((a, c)) && c != 3))
                expected.Add((a, b, c));
        }
        Assert.True(expected.Count > 10);
        Assert.Equal(expected, new SortedSet<(int, int, int)>(triangles.Tuples.Select(q => (q[0], q[1], q[2]))));
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

    private static SortedSet<(int, int)> Pairs(Relation relation) => [.. BinaryTuples.Pairs(relation)];
}
