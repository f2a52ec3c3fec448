using TensorLogic.Compiler;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Scheduling;

/// <summary>
/// Which <c>min=</c>/<c>max=</c> recursions run as semi-naive rounds over their improved cells and which are left to
/// the sweeps, how many rounds the delta form takes, and that the iteration limit still holds.
/// </summary>
public class MinMaxScheduleTests
{
    private const string Graph = """
        Edge : bool[4, 4]
        Edge(0, 1)
        Edge(1, 2)
        Edge(2, 3)
        Cost : real[4, 4]
        Cost = [[0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 3], [0, 0, 0, 0]]
        Sign = [1, 1, 1, 1]
        Dist[0] = 0.0

        """;

    private static BoundProgram Bind(string text)
    {
        var compiled = Compilation.Compile([new SourceText(text, "test.tl")], null);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        return compiled.Bound!;
    }

    private static IrStratum StratumOf(string equation) =>
        Compilation.Lower(Bind(Graph + equation + "\nDist?\n"), ReferenceEngine.Instance.Target)
            .Strata.Single(s => s.Tensors.Any(t => t.Name == "Dist"));

    [Theory]
    [InlineData("Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)")]
    [InlineData("Dist[y] min= Edge(x, y) (Dist[x] + Dist[x] + Cost[x, y])")]
    [InlineData("Dist[y] min= 0.5 Dist[x] Edge(x, y)")]
    [InlineData("Dist[y] min= (Dist[x] - relu(Dist[x] - Cost[x, y])) Edge(x, y)")]
    [InlineData("Dist[y] min= sig(Dist[x], 2) Edge(x, y)")]
    [InlineData("Dist[y] min= relu((Dist[x] + Cost[x, y]) Edge(x, y))")]
    [InlineData("Dist[y] min= (Dist[x] - Cost[x, y] / 2) Edge(x, y)")]
    public void A_recursion_that_moves_its_cells_one_way_runs_in_delta_form(string equation)
    {
        var stratum = StratumOf(equation);
        Assert.Equal(StratumKind.MinMax, stratum.Kind);
        var delta = Assert.Single(stratum.MinMax!.DeltaEquations);
        Assert.Contains("reads \u0394Dist", delta.Text);
        Assert.Equal("\u0394Dist", Assert.IsType<IrTensorRead>(delta.GenericTerms.Single().Factors[0]).Access.Tensor.Name);
    }

    [Theory]
    // A tensor of unknown sign times the recursion: it may rise as Dist falls.
    [InlineData("Dist[y] min= Dist[x] Sign[x] Edge(x, y)")]
    // A product of two recursive reads.
    [InlineData("Dist[y] min= Dist[x] Dist[x] Edge(x, y)")]
    // Negated: rises as Dist falls.
    [InlineData("Dist[y] min= (0.0 - Dist[x]) Edge(x, y)")]
    [InlineData("Dist[y] min= -2 Dist[x] Edge(x, y)")]
    // Not monotone.
    [InlineData("Dist[y] min= sin(Dist[x]) Edge(x, y)")]
    [InlineData("Dist[y] min= abs(Dist[x]) Edge(x, y)")]
    // Several terms, added after projecting each.
    [InlineData("Dist[y] min= Dist[x] Edge(x, y) + Cost[y, y]")]
    // A sum that several bindings reach (x is projected).
    [InlineData("Dist[y] = (Dist[x] + Cost[x, y]) Edge(x, y)\nDist[y] min= Cost[y, y]")]
    public void A_recursion_the_syntax_does_not_show_monotone_is_swept(string equation)
    {
        var stratum = StratumOf(equation);
        Assert.Equal(StratumKind.Fixpoint, stratum.Kind);
        Assert.Null(stratum.MinMax);
        // Dist[0] writes a fixed node; no index shifts, so there are no layers to sweep either.
        Assert.Null(stratum.Layers);
    }

    [Fact]
    public void A_pointwise_equation_of_several_terms_gets_every_term_restricted_to_the_changed_cells()
    {
        // Via[y] = Dist[y] + Sign[y] is two terms of one binding per cell: Sign's unknown sign only shifts the value.
        var stratum = StratumOf("Dist[y] min= (Via[x] + Cost[x, y]) Edge(x, y)\nVia[y] = Dist[y] + Sign[y]\nVia[y] min= Cost[y, y]");
        Assert.Equal(StratumKind.MinMax, stratum.Kind);
        var via = Assert.Single(stratum.MinMax!.DeltaEquations, e => e.Target.Name == "Via");
        Assert.Equal(2, via.GenericTerms.Length);
        Assert.All(via.GenericTerms, t => Assert.Equal("\u0394Dist", Assert.IsType<IrTensorRead>(t.Factors[0]).Access.Tensor.Name));
        Assert.Single(stratum.MinMax.DeltaEquations, e => e.Target.Name == "Dist" && e.Text.Contains("reads \u0394Via"));
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu")]
    [InlineData("gpu-cpu")]
    public void Each_round_after_the_first_propagates_only_the_cells_the_round_before_improved(string engine)
    {
        // A chain 0 → 1 → … → 9: the first round sets Dist[0], each of the next nine the next node, and the
        // eleventh finds nothing new.
        var program = Bind("""
            Edge : bool[10, 10]
            Edge(0, 1)
            Edge(1, 2)
            Edge(2, 3)
            Edge(3, 4)
            Edge(4, 5)
            Edge(5, 6)
            Edge(6, 7)
            Edge(7, 8)
            Edge(8, 9)
            Dist[0] = 0.0
            Dist[y] min= (Dist[x] + 1.0) Edge(x, y)
            Dist?
            """);
        using var session = new Session(program, EngineMatrix.Get(engine).Engine, new EvaluationOptions { Chaining = Chaining.Forward });
        var dist = session.Evaluate(program.FindTensor("Dist")!);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), Enumerable.Range(0, 10).Select(i => dist.Get([i])));
        Assert.Equal(1, session.Profile.Single(p => p.Text == "Dist[y] min= (Dist[x] + 1.0) Edge(x, y)").Calls);
        Assert.Equal(10, session.Profile.Single(p => p.Text.Contains("reads \u0394Dist")).Calls);
        Assert.Empty(session.Diagnostics);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu-f64")]
    public void Rounds_count_as_iterations_towards_the_limit(string engine)
    {
        // Three rounds reach nodes 0, 1 and 2 of the chain; the limit stops there, with the warning.
        var program = Bind(Graph + "Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)\nDist?\n");
        using var session = new Session(program, EngineMatrix.Get(engine).Engine, new EvaluationOptions { MaxIterations = 3 });
        var dist = session.Evaluate(program.FindTensor("Dist")!);
        Assert.Equal([0.0, 1.0, 3.0, double.PositiveInfinity], Enumerable.Range(0, 4).Select(i => dist.Get([i])));
        Assert.Contains("did not converge within 3 iterations", Assert.Single(session.Diagnostics).Message);
    }
}
