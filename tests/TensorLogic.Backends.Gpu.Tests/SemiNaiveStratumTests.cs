using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Execution;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>
/// Recursive rules as a whole stratum on the device (joins, differences and unions of sorted keys), against
/// closures computed here: the relation's tuples must be exactly these, and the profile must show that the
/// device ran the rounds.
/// </summary>
public class SemiNaiveStratumTests
{
    [Fact]
    public void Transitive_closure_of_a_cycle()
    {
        var edges = Enumerable.Range(0, 30).Select(i => (i, (i + 1) % 30)).ToList();
        var program = Facts("Edge", edges) + "Reach(x, y) <- Edge(x, y)\nReach(x, z) <- Reach(x, y), Edge(y, z)\nReach?";
        Assert.Equal(Closure(edges), Run(program, "Reach"));
    }

    [Fact]
    public void Non_linear_recursion_and_a_permuted_copy()
    {
        var edges = new List<(int, int)> { (0, 1), (1, 2), (2, 3), (3, 4), (5, 0) };
        // Reach(x, z) <- Reach(x, y), Reach(y, z) reads the recursive relation twice; Back copies it reversed.
        var program = Facts("Edge", edges)
            + "Reach(x, y) <- Edge(x, y)\nReach(x, z) <- Reach(x, y), Reach(y, z)\nBack(y, x) <- Reach(x, y)\nBack?";
        var expected = Closure(edges).Select(t => (t.Item2, t.Item1)).Order().ToList();
        Assert.Equal(expected, Run(program, "Back", stratumOf: "Reach"));
    }

    [Fact]
    public void Mutual_recursion_with_three_atoms_and_a_lower_relation()
    {
        // Odd and even path lengths over a chain, with a three-atom rule joining through a lower relation.
        var edges = Enumerable.Range(0, 9).Select(i => (i, i + 1)).ToList();
        var program = Facts("Edge", edges)
            + "Same(x, y) <- Edge(x, y), Edge(y, x)\n"
            + "Odd(x, y) <- Edge(x, y)\nOdd(x, z) <- Even(x, y), Edge(y, z)\nEven(x, z) <- Odd(x, y), Edge(y, z)\n"
            + "Far(x, w) <- Odd(x, y), Edge(y, z), Even(z, w)\nOdd?\nEven?\nFar?";
        var odd = new List<(int, int)>();
        var even = new List<(int, int)>();
        for (var x = 0; x <= 9; x++)
            for (var y = x + 1; y <= 9; y++)
                ((y - x) % 2 == 1 ? odd : even).Add((x, y));
        Assert.Equal(odd, Run(program, "Odd"));
        Assert.Equal(even, Run(program, "Even", stratumOf: "Odd"));
    }

    /// <summary>A rule outside recursion over relations too large to lay out densely (10¹⁰ cells) joins on the device too.</summary>
    [Fact]
    public void A_rule_over_huge_relations_joins_sorted_keys()
    {
        var parents = new List<(int, int)> { (0, 1), (1, 2), (2, 99_999), (99_999, 7), (5, 1) };
        var program = Facts("Parent", parents) + "Grand(x, z) <- Parent(x, y), Parent(y, z)\nGrand?";
        var compiled = Compilation.Compile([new SourceText(program, "test.tl")], new DataFileReader());
        using var session = new Session(compiled.Bound!, new GpuEngine(GpuBackend.Cpu), new EvaluationOptions { StrictEngine = true });
        var grand = (Relation)session.Evaluate(compiled.Bound!.FindTensor("Grand")!);
        var expected = parents.SelectMany(a => parents.Where(b => b.Item1 == a.Item2).Select(b => (a.Item1, b.Item2))).Distinct().Order().ToList();
        Assert.Equal(expected, [.. grand.Tuples.Select(t => (t[0], t[1])).Order()]);
        Assert.Contains(session.Profile, p => p.Kernel == "device join");
    }

    [Fact]
    public void A_recursion_with_negation_is_left_to_the_fallback()
    {
        var program = "Edge(0, 1)\nEdge(1, 2)\nBlocked(2)\nReach(x, y) <- Edge(x, y), not Blocked(y)\nReach(x, z) <- Reach(x, y), Edge(y, z), not Blocked(z)\nReach?";
        var compiled = Compilation.Compile([new SourceText(program, "test.tl")], new DataFileReader());
        using var session = new Session(compiled.Bound!, Engine(), new EvaluationOptions());
        var reach = (Relation)session.Evaluate(compiled.Bound!.FindTensor("Reach")!);
        Assert.Equal([[0, 1]], reach.Tuples.Select(t => t.ToArray()).ToArray());
        Assert.Contains(session.Profile, p => p.Provider == "cpu");
        Assert.DoesNotContain(session.Profile, p => p.Kernel.StartsWith("semi-naive", StringComparison.Ordinal));
    }

    private static GpuEngine Engine() => new(GpuBackend.Cpu) { Fallback = () => new Cpu.Execution.CpuKernels<float>(0) };

    private static string Facts(string relation, IEnumerable<(int, int)> tuples) =>
        string.Concat(tuples.Select(t => $"{relation}({t.Item1}, {t.Item2})\n"));

    /// <summary>The relation's tuples in order, computed on gpu-cpu with every decline an error.</summary>
    private static List<(int, int)> Run(string program, string relation, string? stratumOf = null)
    {
        var compiled = Compilation.Compile([new SourceText(program, "test.tl")], new DataFileReader());
        Assert.NotNull(compiled.Bound);
        using var session = new Session(compiled.Bound, new GpuEngine(GpuBackend.Cpu), new EvaluationOptions { StrictEngine = true });
        var value = (Relation)session.Evaluate(compiled.Bound.FindTensor(relation)!);
        Assert.Contains(session.Profile, p => p.Kernel.StartsWith("semi-naive", StringComparison.Ordinal)
            && p.Text.StartsWith(stratumOf ?? relation, StringComparison.Ordinal));
        return [.. value.Tuples.Select(t => (t[0], t[1])).Order()];
    }

    /// <summary>Every pair joined by a path of one or more edges, by search from each node.</summary>
    private static List<(int, int)> Closure(IReadOnlyList<(int, int)> edges)
    {
        var nodes = edges.SelectMany(e => new[] { e.Item1, e.Item2 }).Distinct().ToList();
        var pairs = new List<(int, int)>();
        foreach (var start in nodes)
        {
            var seen = new HashSet<int>();
            var frontier = new Queue<int>(edges.Where(e => e.Item1 == start).Select(e => e.Item2));
            while (frontier.TryDequeue(out var node))
            {
                if (!seen.Add(node))
                    continue;
                foreach (var next in edges.Where(e => e.Item1 == node))
                    frontier.Enqueue(next.Item2);
            }
            pairs.AddRange(seen.Select(n => (start, n)));
        }
        return [.. pairs.Order()];
    }
}
