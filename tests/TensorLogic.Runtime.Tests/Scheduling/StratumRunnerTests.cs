using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Scheduling;

/// <summary>
/// The one schedule, seen through a session: semi-naive rounds over the IR's delta relations, what the
/// passes left out computed on demand, declines, strictness and cancellation.
/// </summary>
public class StratumRunnerTests
{
    private static BoundProgram Bind(string text)
    {
        var compiled = Compilation.Compile([new SourceText(text, "test.tl")], null);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        return compiled.Bound!;
    }

    /// <summary>A chain 0 → 1 → … → 9 and its transitive closure.</summary>
    private const string Chain = """
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
        Path(x, y) <- Edge(x, y)
        Path(x, z) <- Path(x, y), Edge(y, z)
        Path(x, y)?
        """;

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void Semi_naive_rounds_join_only_the_new_tuples(string engine)
    {
        using var session = new Session(Bind(Chain), EngineMatrix.Get(engine).Engine, new EvaluationOptions { Chaining = Chaining.Forward });
        var answer = (RowsAnswer)session.Answer((BoundQuery)session.Program.Outputs.Single());
        // 9 + 8 + ... + 1 paths; each delta round finds the paths one edge longer: 8 rounds find some, the 9th none.
        Assert.Equal(45, answer.Rows.Length);
        var delta = session.Profile.Single(p => p.Text.Contains("reads \u0394Path"));
        Assert.Equal(9, delta.Calls);
        var first = session.Profile.Single(p => p.Text == "Path(x, z) <- Path(x, y), Edge(y, z)");
        Assert.Equal(1, first.Calls);
    }

    /// <summary>Counting up with index arithmetic in the head: a recursive relation, but not a rule the CPU can join.</summary>
    private const string Counter = """
        N : bool[6]
        N(0)
        N(x+1) <- N(x)
        N(x)?
        """;

    [Fact]
    public void The_cpu_engine_joins_recursive_rules_itself()
    {
        using var session = new Session(Bind(Chain), EngineMatrix.Get("cpu").Engine, new EvaluationOptions { Chaining = Chaining.Forward, StrictEngine = true });
        var answer = (RowsAnswer)session.Answer((BoundQuery)session.Program.Outputs.Single());
        Assert.Equal(45, answer.Rows.Length);
        Assert.Empty(session.Declines);
        Assert.All(session.Profile, p => Assert.Equal(("cpu", "join"), (p.Provider, p.Kernel)));
    }

    [Fact]
    public void What_the_cpu_engine_declines_the_reference_computes()
    {
        using var session = new Session(Bind(Counter), EngineMatrix.Get("cpu").Engine, new EvaluationOptions { Chaining = Chaining.Forward });
        var answer = (RowsAnswer)session.Answer((BoundQuery)session.Program.Outputs.Single());
        Assert.Equal(["0", "1", "2", "3", "4", "5"], answer.Rows.Select(r => r[0].ToString()));
        // The rule and its copy reading ΔN.
        Assert.Equal(2, session.Declines.Count);
        Assert.All(session.Declines, d => Assert.EndsWith("this equation is not a rule: index arithmetic in the head of a rule", d.Reason));
        Assert.All(session.Profile, p => Assert.Equal("reference", p.Provider));
    }

    [Fact]
    public void Strict_engine_makes_a_decline_an_exception_the_command_line_reports()
    {
        using var session = new Session(Bind(Counter), EngineMatrix.Get("cpu").Engine, new EvaluationOptions { Chaining = Chaining.Forward, StrictEngine = true });
        var error = Assert.Throws<EngineDeclinedException>(() => session.Run().ToList());
        Assert.Equal("N(x+1) <- N(x)", error.Decline.Equation.Text);
    }

    [Fact]
    public void A_dense_program_runs_entirely_on_the_cpu_engine()
    {
        using var session = new Session(Bind("W = [[1, 2], [3, 4]]\nX = [1, 1]\nY[i] = relu(W[i, j] X[j])\nY?\n"),
            EngineMatrix.Get("cpu").Engine, new EvaluationOptions { StrictEngine = true });
        var answer = (TensorAnswer)session.Answer((BoundQuery)session.Program.Outputs.Single());
        Assert.Equal([3.0, 7.0], answer.Data.ToArray());
        Assert.Empty(session.Declines);
        Assert.Equal("cpu", session.Profile.Single().Provider);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void A_tensor_the_passes_fused_away_is_computed_when_asked_for(string engine)
    {
        // H is fused into Y and Z is dead for the query Y?, yet an embedder may still evaluate both.
        var program = Bind("A = [1, -2, 3]\nH[i] = relu(A[i])\nY[i] = exp(H[i]) A[i]\nZ[i] = 2 A[i]\nY?\n");
        using var session = new Session(program, EngineMatrix.Get(engine).Engine, new EvaluationOptions());
        var y = session.Evaluate(program.FindTensor("Y")!);
        Assert.Equal(Math.E * 1, y.Get([0]), 1e-5);
        Assert.Equal(-2.0, y.Get([1]), 1e-5);
        var h = session.Evaluate(program.FindTensor("H")!);
        Assert.Equal([1.0, 0.0, 3.0], [h.Get([0]), h.Get([1]), h.Get([2])]);
        var z = session.Evaluate(program.FindTensor("Z")!);
        Assert.Equal([2.0, -4.0, 6.0], [z.Get([0]), z.Get([1]), z.Get([2])]);
    }

    [Fact]
    public void A_cancelled_run_stops_with_operation_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        using var session = new Session(Bind(Chain), EngineMatrix.Get("reference").Engine,
            new EvaluationOptions { Chaining = Chaining.Forward, Cancellation = cancellation.Token });
        Assert.Throws<OperationCanceledException>(() => session.Run().ToList());
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu-f64")]
    public void The_schedule_comes_from_the_ir(string engine)
    {
        var program = Bind("X : real[3]\nX[0] = 1\nX[t+1] = 2 X[t]\nX?\n");
        using var session = new Session(program, EngineMatrix.Get(engine).Engine, new EvaluationOptions { MaxIterations = 2 });
        var stratum = session.Ir.Strata.Single();
        Assert.Equal(Compiler.IR.StratumKind.Fixpoint, stratum.Kind);
        Assert.Equal(3, stratum.Layers!.Layers);
        var x = session.Evaluate(program.FindTensor("X")!);
        // One layered sweep computes 1, 2, 4; the fixpoint confirms it within the 2 iterations allowed.
        Assert.Equal([1.0, 2.0, 4.0], [x.Get([0]), x.Get([1]), x.Get([2])]);
        Assert.Empty(session.Diagnostics);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu-f64")]
    public void A_recursion_that_runs_downwards_is_swept_from_the_last_layer(string engine)
    {
        // The gradient of a layer recursion writes at l-1 from l. Swept upwards it needed a fixpoint
        // iteration per layer; from the last layer down, one sweep computes it and one iteration confirms it.
        var program = Bind("X : real[6]\nX[5] = 1\nX[t-1] = 2 X[t]\nX?\n");
        using var session = new Session(program, EngineMatrix.Get(engine).Engine, new EvaluationOptions { MaxIterations = 2 });
        Assert.True(session.Ir.Strata.Single().Layers!.Descending);
        var x = session.Evaluate(program.FindTensor("X")!);
        Assert.Equal([32.0, 16.0, 8.0, 4.0, 2.0, 1.0], Enumerable.Range(0, 6).Select(i => x.Get([i])));
        Assert.Empty(session.Diagnostics);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu-f64")]
    public void A_batched_recursion_is_swept_along_its_shifted_index_not_along_its_examples(string engine)
    {
        // e is written and read at e everywhere: it only separates 50 independent recursions. Sweeping it
        // ran the whole recursion once per example, so training an RNN took time quadratic in the batch.
        var program = Bind("U : real[50, 4]\nU[e, t] = 1\nH[e, t] = H[e, t-1] + U[e, t]\nH?\n");
        using var session = new Session(program, EngineMatrix.Get(engine).Engine, new EvaluationOptions { MaxIterations = 2 });
        Assert.Equal(4, session.Ir.Strata.Single(s => s.Kind == Compiler.IR.StratumKind.Fixpoint).Layers!.Layers);
        var h = session.Evaluate(program.FindTensor("H")!);
        Assert.Equal([1.0, 2.0, 3.0, 4.0], [h.Get([49, 0]), h.Get([49, 1]), h.Get([49, 2]), h.Get([49, 3])]);
        Assert.Empty(session.Diagnostics);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu-f64")]
    public void Message_passing_is_swept_along_its_layers_not_along_its_nodes(string engine)
    {
        // The neighbour n' is another node, not another layer: the sweep goes over l (3 layers), not n (30).
        var program = Bind("""
            Link : bool[30, 30]
            Link(0, 1)
            E : real[30, 3]
            E[n, 0] = 1
            E[n, l+1] = Link(n, n') E[n', l] + E[n, l]
            E?
            """);
        using var session = new Session(program, EngineMatrix.Get(engine).Engine, new EvaluationOptions { MaxIterations = 2 });
        Assert.Equal(3, session.Ir.Strata.Single(s => s.Kind == Compiler.IR.StratumKind.Fixpoint).Layers!.Layers);
        var e = session.Evaluate(program.FindTensor("E")!);
        Assert.Equal([1.0, 2.0, 3.0, 1.0], [e.Get([0, 0]), e.Get([0, 1]), e.Get([0, 2]), e.Get([1, 2])]);
        Assert.Empty(session.Diagnostics);
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("cpu")]
    public void Same_generation_over_a_large_domain_is_joined_not_planned_as_a_dense_contraction(string engine)
    {
        // Every dense order of Par(p, x) Sg(p, q) Par(q, y) needs an intermediate of 50,000³ cells: the planner
        // gives none, and the rule is joined over its few tuples (this crashed lowering once).
        var program = Bind("""
            Par : bool[50000, 50000]
            Par(0, 1)
            Par(0, 2)
            Par(1, 3)
            Par(2, 4)
            Sg(x, y) <- Par(p, x), Par(p, y), x != y
            Sg(x, y) <- Par(p, x), Sg(p, q), Par(q, y)
            Sg(x, y)?
            """);
        using var session = new Session(program, EngineMatrix.Get(engine).Engine, new EvaluationOptions { Chaining = Chaining.Forward, StrictEngine = true });
        var answer = (RowsAnswer)session.Answer((BoundQuery)program.Outputs.Single());
        // Siblings 1, 2 under 0; their children 3 and 4 are of the same generation.
        Assert.Equal(["1 2", "2 1", "3 4", "4 3"], answer.Rows.Select(r => string.Join(" ", r)));
    }
}

