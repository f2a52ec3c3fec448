using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>Terms with relations: gathers of dense slices by tuples, counts, and joins of two relations.</summary>
public sealed class SparseStepTests
{
    [Fact]
    public void Embedding_lookup()
    {
        var test = ContractionCheck.Matches(new TestProgram().Boolean("X", 0.1, 20, 50).Real("Emb", 50, 16)
            .Equation("EmbX[p, d] = X(p, t) Emb[t, d]"), "EmbX");
        Assert.Equal([StepKind.SparseGather], test.Kinds("EmbX"));
    }

    [Fact]
    public void Embedding_lookup_with_the_relation_second()
    {
        ContractionCheck.Matches(new TestProgram().Boolean("X", 0.1, 20, 50).Real("Emb", 50, 16)
            .Equation("EmbX[d, p] = Emb[t, d] X(p, t)"), "EmbX");
    }

    [Fact]
    public void Graph_neighbour_aggregation()
    {
        var test = ContractionCheck.Matches(new TestProgram().Boolean("Neig", 0.2, 30, 30).Real("Z", 30, 3, 8)
            .Equation("Agg[n, l, d] = Neig(n, m) Z[m, l, d]"), "Agg");
        Assert.Equal([StepKind.SparseGather], test.Kinds("Agg"));
    }

    /// <summary>Large enough (about 32,000 tuples) that the gather is split over threads by result rows.</summary>
    [Theory]
    [InlineData("Agg[n, d] = Neig(n, m) Z[m, d]")]
    [InlineData("Agg[d, n] = Neig(n, m) Z[m, d]")]
    [InlineData("Agg[n] = Neig(n, m) Z[m, d]")]
    [InlineData("Agg[m, d] = Neig(n, m) Z[n, d]")]
    public void Large_aggregation_split_over_threads(string equation)
    {
        var test = ContractionCheck.Matches(new TestProgram().Boolean("Neig", 0.2, 400, 400).Real("Z", 400, 8)
            .Equation(equation), "Agg");
        Assert.Equal(StepKind.SparseGather, test.Kinds("Agg")[^1]);
    }

    [Fact]
    public void Relation_embedding()
    {
        var test = ContractionCheck.Matches(new TestProgram().Boolean("R", 0.05, 40, 40).Real("Emb", 40, 12)
            .Equation("EmbR[i, j] = R(x, y) Emb[x, i] Emb[y, j]"), "EmbR");
        Assert.Equal(StepKind.SparseGather, test.Kinds("EmbR")[0]);
    }

    [Fact]
    public void Gather_that_sums_the_slice()
    {
        ContractionCheck.Matches(new TestProgram().Boolean("X", 0.1, 20, 50).Real("Emb", 50, 16)
            .Equation("Y[p] = X(p, t) Emb[t, d]"), "Y");
    }

    [Fact]
    public void Shared_index_kept_in_the_result()
    {
        ContractionCheck.Matches(new TestProgram().Boolean("R", 0.3, 10, 12).Real("W", 10, 12, 5)
            .Equation("Y[x, y, d] = R(x, y) W[x, y, d]"), "Y");
    }

    [Fact]
    public void Out_degree_counts_tuples()
    {
        var test = ContractionCheck.Matches(new TestProgram().Boolean("R", 0.2, 25, 30).Equation("Deg[x] = R(x, y)"), "Deg");
        Assert.Equal([StepKind.Reduce], test.Kinds("Deg"));
    }

    [Fact]
    public void Relation_with_a_private_index_is_counted_first()
    {
        ContractionCheck.Matches(new TestProgram().Boolean("R", 0.2, 25, 30).Real("W", 25, 6)
            .Equation("Y[x, d] = R(x, y) W[x, d]"), "Y");
    }

    [Fact]
    public void Join_of_two_relations_in_a_real_equation()
    {
        ContractionCheck.Matches(new TestProgram().Boolean("R", 0.1, 20, 25).Boolean("S", 0.15, 25, 15).Real("W", 15)
            .Equation("Y[x] = R(x, y) S(y, z) W[z]"), "Y");
    }

    [Fact]
    public void Join_of_two_relations_into_the_output()
    {
        var test = ContractionCheck.Matches(new TestProgram().Boolean("R", 0.1, 20, 25).Boolean("S", 0.15, 25, 15)
            .Equation("Y[x, z] = R(x, y) S(y, z)"), "Y");
        Assert.Equal([StepKind.SparseGather], test.Kinds("Y"));
    }

    [Fact]
    public void Cross_product_of_two_relations()
    {
        ContractionCheck.Matches(new TestProgram().Boolean("R", 0.3, 6).Boolean("S", 0.4, 7)
            .Equation("Y[x, y] = R(x) S(y)"), "Y");
    }
}
