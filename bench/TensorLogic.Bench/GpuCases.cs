using System.Collections.Immutable;

namespace TensorLogic.Bench;

/// <summary>
/// The suite for a GPU (<c>--suite gpu</c>, run by bench/gpu/device.sh): the same programs as <see cref="Cases"/>
/// at sizes where a GPU is worth its transfers, plus transitive closure, whose peer is our CPU engine.
/// <see cref="Quick"/> is the same list small enough for gpu-cpu (ILGPU's CPU emulation) to finish in seconds.
/// </summary>
public static class GpuCases
{
    public static ImmutableArray<BenchCase> Full =>
    [
        Cases.MatMul(1024), Cases.MatMul(2048), Cases.MatMul(4096), Cases.MatMul(8192),
        Cases.AttentionScores(b: 8, h: 16, p: 1024, d: 64),
        Cases.AttentionWeighted(b: 8, h: 16, p: 1024, d: 64),
        Cases.Transformer("transformer", seq: 2048, d: 1024, heads: 16, hidden: 4096),
        Cases.Mlp(batch: 16384, [784, 2048, 1024, 10]),
        // Neig is dense on the device, so the nodes are bounded by one launch's cells (2^31): 32k² is 1e9 cells, 1% filled.
        Cases.GraphAggregation("gnn", nodes: 32_768, edges: 10_000_000, d: 64),
        TransitiveClosure("cycle", nodes: 4_000, edges: 4_000),
        TransitiveClosure("random", nodes: 100_000, edges: 1_000_000),
    ];

    public static ImmutableArray<BenchCase> Quick =>
    [
        Cases.MatMul(32), Cases.MatMul(64),
        Cases.AttentionScores(b: 1, h: 2, p: 16, d: 8),
        Cases.AttentionWeighted(b: 1, h: 2, p: 16, d: 8),
        Cases.Transformer("transformer", seq: 16, d: 32, heads: 4, hidden: 64),
        Cases.Mlp(batch: 32, [64, 32, 16, 10]),
        Cases.GraphAggregation("gnn", nodes: 200, edges: 1_000, d: 8),
        TransitiveClosure("cycle", nodes: 40, edges: 40),
        TransitiveClosure("random", nodes: 300, edges: 1_500),
    ];

    /// <summary>
    /// bench/logic's transitive closure (the same rules and count as generate.py's program.tl) of a cycle or a
    /// random graph of distinct edges without loops, as generate.py draws them (from C#'s generator, so the
    /// random graph is not byte-identical to the logic suite's). FLOPs are not meaningful here: 0.
    /// </summary>
    public static BenchCase TransitiveClosure(string graph, int nodes, int edges) => new(
        $"tc-{graph}-{Label(nodes)}", "tc", $"transitive closure of a {graph} graph, {nodes} nodes, {edges} edges", 0,
        """
        Reach(x, y) <- E(x, y)
        Reach(x, z) <- Reach(x, y), E(y, z)
        Count = Reach(x, y)
        """,
        [new TableInput("E", "e.tsv", random => graph == "cycle" ? Cycle(nodes) : LooplessEdges(random, nodes, edges))],
        "Count", ImmutableDictionary<string, int>.Empty.Add("nodes", nodes).Add("edges", edges).Add("cycle", graph == "cycle" ? 1 : 0));

    private static IEnumerable<int[]> Cycle(int nodes) => Enumerable.Range(0, nodes).Select(i => new[] { i, (i + 1) % nodes });

    private static IEnumerable<int[]> LooplessEdges(Random random, int nodes, int count)
    {
        var seen = new HashSet<(int, int)>();
        while (seen.Count < count)
        {
            var (x, y) = (random.Next(nodes), random.Next(nodes));
            if (x != y && seen.Add((x, y)))
                yield return [x, y];
        }
    }

    private static string Label(int n) => n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : $"{n}";
}
