using System.Collections.Immutable;

namespace TensorLogic.Bench;

/// <summary>
/// The suite. <see cref="Full"/> holds the sizes that are reported; <see cref="Quick"/> the same programs
/// at sizes the binding-by-binding reference engine finishes in seconds, to check the suite end to end. A case
/// keeps its name in both lists (transformer-1024 has a shorter sequence under --quick), so that --case picks
/// the same program either way; the description gives the sizes.
/// </summary>
public static class Cases
{
    public static ImmutableArray<BenchCase> Full =>
    [
        MatMul(256), MatMul(512), MatMul(1024), MatMul(2048),
        BatchedMatMul(64, 128),
        AttentionScores(b: 4, h: 8, p: 256, d: 64),
        AttentionWeighted(b: 4, h: 8, p: 256, d: 64),
        Transformer("transformer", seq: 256, d: 256, heads: 8, hidden: 1024),
        Transformer("transformer-1024", seq: 1024, d: 256, heads: 8, hidden: 1024),
        Mlp(batch: 4096, [784, 512, 256, 10]),
        Convolution(size: 64, channels: 16, filters: 16),
        BatchedConvolution(batch: 32, size: 32, channels: 64, filters: 64),
        ChannelsFirstConvolution(size: 256, channels: 64, filters: 64),
        GraphAggregation("gnn", nodes: 10_000, edges: 100_000, d: 64),
        GraphAggregation("gnn-1m", nodes: 100_000, edges: 1_000_000, d: 64),
        PlannerFiveFactors(10),
        PlannerScalar(20),
    ];

    public static ImmutableArray<BenchCase> Quick =>
    [
        MatMul(32), MatMul(64),
        BatchedMatMul(4, 16),
        AttentionScores(b: 1, h: 2, p: 16, d: 8),
        AttentionWeighted(b: 1, h: 2, p: 16, d: 8),
        Transformer("transformer", seq: 16, d: 32, heads: 4, hidden: 64),
        Transformer("transformer-1024", seq: 24, d: 32, heads: 4, hidden: 64),
        Mlp(batch: 32, [64, 32, 16, 10]),
        Convolution(size: 8, channels: 4, filters: 4),
        BatchedConvolution(batch: 2, size: 6, channels: 3, filters: 4),
        ChannelsFirstConvolution(size: 10, channels: 3, filters: 4),
        GraphAggregation("gnn", nodes: 200, edges: 1_000, d: 8),
        GraphAggregation("gnn-1m", nodes: 500, edges: 3_000, d: 8),
        PlannerFiveFactors(5),
        PlannerScalar(8),
    ];

    public static BenchCase MatMul(int n) => new(
        $"matmul-{n}", "matmul", $"square matmul, n={n}", 2.0 * n * n * n,
        "C[i, k] = A[i, j] B[j, k]",
        [Dense("A", n, n), Dense("B", n, n)], "C", Params(("n", n)))
    {
        GemmLike = true,
    };

    public static BenchCase BatchedMatMul(int batch, int n) => new(
        $"bmm-{batch}x{n}", "bmm", $"batched matmul, {batch} × {n}×{n}×{n}", 2.0 * batch * n * n * n,
        "C[b, i, k] = A[b, i, j] B[b, j, k]",
        [Dense("A", batch, n, n), Dense("B", batch, n, n)], "C", Params(("b", batch), ("n", n)))
    {
        GemmLike = true,
    };

    public static BenchCase AttentionScores(int b, int h, int p, int d) => new(
        "attn-scores", "attn-scores", $"attention scores, b={b} h={h} p=q={p} d={d}", 2.0 * b * h * p * p * d,
        "S[b, h, p, q] = Q[b, h, p, d] K[b, h, q, d]",
        [Dense("Q", b, h, p, d), Dense("K", b, h, p, d)], "S", Params(("b", b), ("h", h), ("p", p), ("d", d)))
    {
        GemmLike = true,
    };

    public static BenchCase AttentionWeighted(int b, int h, int p, int d) => new(
        "attn-weighted", "attn-weighted", $"attention weighted sum, b={b} h={h} p=q={p} d={d}", 2.0 * b * h * p * p * d,
        "O[b, h, p, d] = P[b, h, p, q] V[b, h, q, d]",
        [Dense("P", [b, h, p, p], low: 0), Dense("V", b, h, p, d)], "O", Params(("b", b), ("h", h), ("p", p), ("d", d)))
    {
        GemmLike = true,
    };

    /// <summary>
    /// One transformer block (§5.11 of the paper, Table 2) on a dense embedded input X[p, d]: per-head
    /// Q/K/V projections, causally masked scaled softmax attention, heads concatenated, output projection
    /// plus residual and layer norm, then a ReLU MLP plus residual and layer norm. The layer-normalized
    /// stream goes into a new tensor each time (Stream1, Y), as TL3002 requires. `Before(q, p)` holds when
    /// q ≤ p (position p attends to itself and what precedes it), derived by a rule from the positions in
    /// pos.tsv. FLOPs count the full (unmasked) score and value products.
    /// </summary>
    public static BenchCase Transformer(string name, int seq, int d, int heads, int hidden)
    {
        var dk = d / heads;
        var flops = 2.0 * seq * d * 3 * heads * dk     // Q, K, V projections
            + 2.0 * 2 * heads * seq * seq * dk          // scores and weighted sum
            + 2.0 * seq * heads * dk * d                // output projection
            + 2.0 * 2 * seq * d * hidden;               // MLP
        var scale = 1 / Math.Sqrt(d);
        return new BenchCase(
            name, "transformer", $"transformer block, seq={seq} d={d} heads={heads} hidden={hidden}", flops,
            $"""
            Dk = {dk}
            Before(q, p) <- Pos(q), Pos(p), q <= p
            Query[h, p, dk] = WQ[h, dk, d] X[p, d]
            Key[h, p, dk] = WK[h, dk, d] X[p, d]
            Val[h, p, dv] = WV[h, dv, d] X[p, d]
            Comp[h, p, q.] = softmax(Before(q, p) Query[h, p, dk] Key[h, q, dk] / sqrt(Dk))
            Attn[h, p, dv] = Comp[h, p, q] Val[h, q, dv]
            Merge[p, dm] = concat(Attn[h, p, dv])
            Stream1[p, d.] = lnorm(WS[d, dm] Merge[p, dm] + X[p, d])
            Hidden[p, f] = relu(W1[f, d] Stream1[p, d] + B1[f])
            Y[p, d.] = lnorm(W2[d, f] Hidden[p, f] + B2[d] + Stream1[p, d])
            """,
            [
                Dense("X", seq, d),
                new TableInput("Pos", "pos.tsv", _ => Enumerable.Range(0, seq).Select(p => new[] { p })),
                Dense("WQ", [heads, dk, d], -scale, scale), Dense("WK", [heads, dk, d], -scale, scale),
                Dense("WV", [heads, dk, d], -scale, scale), Dense("WS", [d, heads * dk], -scale, scale),
                Dense("W1", [hidden, d], -scale, scale), Dense("B1", [hidden], -0.1, 0.1),
                Dense("W2", [d, hidden], -1 / Math.Sqrt(hidden), 1 / Math.Sqrt(hidden)), Dense("B2", [d], -0.1, 0.1),
            ],
            "Y", Params(("seq", seq), ("d", d), ("heads", heads), ("dk", dk), ("hidden", hidden)))
        {
            GemmLike = true,
        };
    }

    /// <summary>A three-layer perceptron over a batch: ReLU hidden layers, softmax over the classes.</summary>
    public static BenchCase Mlp(int batch, int[] widths)
    {
        var flops = 2.0 * batch * (widths[0] * widths[1] + widths[1] * widths[2] + widths[2] * widths[3]);
        double Scale(int fanIn) => 1 / Math.Sqrt(fanIn);
        return new BenchCase(
            "mlp", "mlp", $"MLP forward, batch={batch}, {string.Join("→", widths)}", flops,
            """
            H1[n, j] = relu(W1[j, i] X[n, i] + B1[j])
            H2[n, k] = relu(W2[k, j] H1[n, j] + B2[k])
            Y[n, c.] = softmax(W3[c, k] H2[n, k] + B3[c])
            """,
            [
                Dense("X", [batch, widths[0]], 0, 1),
                Dense("W1", [widths[1], widths[0]], -Scale(widths[0]), Scale(widths[0])), Dense("B1", [widths[1]], -0.1, 0.1),
                Dense("W2", [widths[2], widths[1]], -Scale(widths[1]), Scale(widths[1])), Dense("B2", [widths[2]], -0.1, 0.1),
                Dense("W3", [widths[3], widths[2]], -Scale(widths[2]), Scale(widths[2])), Dense("B3", [widths[3]], -0.1, 0.1),
            ],
            "Y", Params(("batch", batch), ("in", widths[0]), ("h1", widths[1]), ("h2", widths[2]), ("out", widths[3])))
        {
            GemmLike = true,
        };
    }

    /// <summary>
    /// A 3×3 convolution with ReLU. The output keeps the image's size; windows that run past the last
    /// row or column see nothing there (zero padding on the high side, docs/language.md §4–5).
    /// </summary>
    public static BenchCase Convolution(int size, int channels, int filters) => new(
        "conv3x3", "conv3x3", $"3×3 conv + relu, {size}×{size}×{channels} → {filters} filters", 2.0 * size * size * channels * filters * 9,
        "F[x, y, o] = relu(W[dx, dy, c, o] Img[x+dx, y+dy, c])",
        [Dense("Img", size, size, channels), Dense("W", 3, 3, channels, filters)], "F",
        Params(("size", size), ("channels", channels), ("filters", filters)))
    {
        GemmLike = true,
    };

    /// <summary>
    /// The same 3×3 convolution over a batch of images, channels last as in <see cref="Convolution"/>: one
    /// contraction of 9·channels per output element, over batch × size² × filters outputs.
    /// </summary>
    public static BenchCase BatchedConvolution(int batch, int size, int channels, int filters) => new(
        "conv3x3-batch32", "conv3x3-batch", $"3×3 conv + relu, batch {batch} of {size}×{size}×{channels} → {filters} filters",
        2.0 * batch * size * size * channels * filters * 9,
        "Y[n, x, y, o] = relu(W[dx, dy, c, o] Img[n, x+dx, y+dy, c])",
        [Dense("Img", batch, size, size, channels), Dense("W", 3, 3, channels, filters)], "Y",
        Params(("batch", batch), ("size", size), ("channels", channels), ("filters", filters)))
    {
        GemmLike = true,
    };

    /// <summary>
    /// A 3×3 convolution laid out channels first, as PyTorch and most image code store it (issue 14's realistic
    /// case): kernel K[o, c, dy, dx], image X[c, y, x]. The output keeps the image's size, zero-padded on the
    /// high side like <see cref="Convolution"/>.
    /// </summary>
    public static BenchCase ChannelsFirstConvolution(int size, int channels, int filters) => new(
        "conv-64x256", "conv-chw", $"3×3 conv + relu, channels first, {channels}×{size}×{size} → {filters} channels",
        2.0 * size * size * channels * filters * 9,
        "Y[o, y, x] = relu(K[o, c, dy, dx] X[c, y + dy, x + dx])",
        [Dense("X", channels, size, size), Dense("K", [filters, channels, 3, 3], -1 / Math.Sqrt(9 * channels), 1 / Math.Sqrt(9 * channels))], "Y",
        Params(("size", size), ("channels", channels), ("filters", filters)))
    {
        GemmLike = true,
    };

    /// <summary>
    /// Sum of neighbours' features over a random directed graph read as facts. The edges are distinct;
    /// the first two touch the last node in both positions, so both positions of Neig have every node.
    /// </summary>
    public static BenchCase GraphAggregation(string name, int nodes, int edges, int d) => new(
        name, "gnn", $"GNN aggregation, {nodes} nodes, {edges} edges, d={d}", 2.0 * edges * d,
        "Agg[n, d] = Neig(n, m) Z[m, d]",
        [new TableInput("Neig", "neig.tsv", random => RandomEdges(random, nodes, edges)), Dense("Z", nodes, d)], "Agg",
        Params(("nodes", nodes), ("edges", edges), ("d", d)));

    /// <summary>
    /// <c>pi,qj,ijkl,rk,sl->pqrs</c> as one equation. Contracted pairwise in a good order it is four steps
    /// of N⁵ multiply-adds; as a single loop nest over all eight indices it is N⁸.
    /// </summary>
    public static BenchCase PlannerFiveFactors(int n) => new(
        "planner-pqrs", "planner-pqrs", $"pi,qj,ijkl,rk,sl->pqrs, all sizes {n}", 8.0 * Math.Pow(n, 5),
        "Out[p, q, r, s] = A[p, i] B[q, j] T[i, j, k, l] C[r, k] D[s, l]",
        [Dense("A", n, n), Dense("B", n, n), Dense("T", n, n, n, n), Dense("C", n, n), Dense("D", n, n)], "Out",
        Params(("n", n)))
    {
        Naive = NaiveLoops.FiveFactors(n),
    };

    /// <summary>
    /// <c>abc,cfd,dbe,efa-></c> into a scalar: two N⁵ contractions and an N⁴ one when planned, N⁶ as one
    /// loop nest.
    /// </summary>
    public static BenchCase PlannerScalar(int n) => new(
        "planner-scalar", "planner-scalar", $"abc,cfd,dbe,efa->, all sizes {n}", 4.0 * Math.Pow(n, 5) + 2.0 * Math.Pow(n, 4),
        "Out = A[a, b, c] B[c, f, d] C[d, b, e] D[e, f, a]",
        [Dense("A", n, n, n), Dense("B", n, n, n), Dense("C", n, n, n), Dense("D", n, n, n)], "Out",
        Params(("n", n)))
    {
        Naive = NaiveLoops.Scalar(n),
    };

    private static IEnumerable<int[]> RandomEdges(Random random, int nodes, int count)
    {
        var seen = new HashSet<(int, int)> { (nodes - 1, 0), (0, nodes - 1) };
        yield return [nodes - 1, 0];
        yield return [0, nodes - 1];
        while (seen.Count < count)
        {
            var edge = (random.Next(nodes), random.Next(nodes));
            if (seen.Add(edge))
                yield return [edge.Item1, edge.Item2];
        }
    }

    private static DenseInput Dense(string tensor, params int[] shape) => Dense(tensor, shape, -1, 1);

    private static DenseInput Dense(string tensor, int[] shape, double low = -1, double high = 1) =>
        new(tensor, tensor.ToLowerInvariant() + ".npy", [.. shape], low, high);

    private static ImmutableDictionary<string, int> Params(params (string Name, int Value)[] values) =>
        values.ToImmutableDictionary(v => v.Name, v => v.Value);
}
