using System.Globalization;
using System.Text;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Data;

/// <summary>
/// Real data that a file lists for few of its cells is held as weighted tuples (<c>SparseTensor</c>), not as a
/// dense array. Every engine must read it as it would read the dense tensor: in a min= recursion (by cell, in
/// the CPU's loop nests), in an ordinary contraction (densified by engines that cannot read it by cell), in
/// an expression. The same program with the same costs written as a dense literal is the oracle.
/// </summary>
public class SparseRealDataTests
{
    // 40 × 40 cells and 8 entries: well below one cell in 16, so the store holds Cost sparse.
    private const int Nodes = 40;

    // A graph whose cycles lead back to the source (4 → 0) and into the middle (4 → 2). Distances from 0 by
    // hand: 2 by 0→2 (1); 1 by 0→2→1 (3, not 0→1's 4); 3 by 0→2→1→3 (4, not 0→2→3's 6); 4 by 3→4 (7); 0
    // stays 0 (the cycle back costs 9); 5 has no edge in (infinite).
    private static readonly (int From, int To, double Cost)[] Edges =
        [(0, 1, 4), (0, 2, 1), (2, 1, 2), (1, 3, 1), (2, 3, 5), (3, 4, 3), (4, 0, 2), (4, 2, 1)];

    public static TheoryData<string> All => EngineMatrix.All;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Costs_from_a_file_listing_few_cells_are_held_as_weighted_tuples(bool sparse)
    {
        using var folder = Graph();
        var path = folder.Write("costs.tl", Declarations(sparse) + "Cost?\n");
        var bound = Compilation.Compile([new SourceText(File.ReadAllText(path), path)], new DataFileReader()).Bound!;
        var cost = new TensorStore(bound).Initial(bound.Tensors.Single(t => t.Name == "Cost"));
        Assert.IsType(sparse ? typeof(SparseTensor) : typeof(DenseTensor<double>), cost);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Shortest_paths_over_sparse_costs_with_a_cycle_back_to_the_source_are_exact(string engine)
    {
        var run = EngineMatrix.Get(engine);
        using var folder = Graph();
        var result = ProgramRunner.RunFile(run, folder.Write("sssp.tl", Declarations(sparse: true) + """
            Dist[0] = 0.0
            Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
            Dist[0]?
            Dist[1]?
            Dist[2]?
            Dist[3]?
            Dist[4]?
            Dist[5]?
            """));
        Assert.Equal("", result.Diagnostics);
        var expected = new[] { "0", "3", "1", "4", "7", "\"Infinity\"" };
        AnswerAssert.Equivalent(string.Join("\n", expected.Select((d, i) => $$"""{"query":"Dist[{{i}}]?","shape":[],"data":[{{d}}]}""")), result.Text, 0);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Sparse_costs_give_the_answers_of_the_same_costs_held_dense(string engine)
    {
        var run = EngineMatrix.Get(engine);
        using var folder = Graph();
        // A min= recursion, an einsum (a contraction), an expression of the costs (a loop nest) and a query of Cost itself.
        const string Equations = """
            V[y] = Width[y]
            Dist[0] = 0.0
            Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
            Y[x] = Cost[x, y] V[y]
            Z[x] = Cost[x, y] * (V[y] + 1.0)
            Reached(0)
            Reached(y) <- Reached(x), Edge(x, y)
            Known[y] = Dist[y] Reached(y)
            Known?
            Y?
            Z?
            Cost[4, x]?
            """;
        var sparse = ProgramRunner.RunFile(run, folder.Write("sparse.tl", Declarations(sparse: true) + Equations));
        var dense = ProgramRunner.RunFile(run, folder.Write("dense.tl", Declarations(sparse: false) + Equations));
        Assert.Equal("", sparse.Diagnostics);
        Assert.Equal(dense.Answers, sparse.Answers);
        // Y[x] = Σ_y Cost[x, y] (y + 1): node 0 gives 4·2 + 1·3 = 11.
        Assert.Contains("11", sparse.Answers[1]);
    }

    private static TempFolder Graph()
    {
        var folder = new TempFolder();
        folder.Write("edge.tsv", string.Concat(Edges.Select(e => $"{e.From}\t{e.To}\n")));
        folder.Write("cost.tsv", string.Concat(Edges.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.From}\t{e.To}\t{e.Cost}\n"))));
        return folder;
    }

    /// <summary>Cost from the file (sparse) or as a literal of every cell (dense); Width[y] = y + 1 either way.</summary>
    private static string Declarations(bool sparse)
    {
        var text = new StringBuilder($"Edge : bool[{Nodes}, {Nodes}]\nEdge = \"edge.tsv\"\nCost : real[{Nodes}, {Nodes}]\n");
        text.Append(sparse ? "Cost = \"cost.tsv\"\n" : $"Cost = {Literal()}\n");
        text.Append($"Width = [{string.Join(", ", Enumerable.Range(1, Nodes).Select(i => $"{i}.0"))}]\n");
        return text.ToString();
    }

    private static string Literal()
    {
        var cells = new double[Nodes, Nodes];
        foreach (var (from, to, cost) in Edges)
            cells[from, to] = cost;
        var rows = Enumerable.Range(0, Nodes).Select(x =>
            "[" + string.Join(", ", Enumerable.Range(0, Nodes).Select(y => cells[x, y].ToString("0.0", CultureInfo.InvariantCulture))) + "]");
        return "[" + string.Join(", ", rows) + "]";
    }
}
