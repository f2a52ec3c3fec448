using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// <c>tlc run --explain</c> and the REPL's <c>:why</c>: a derivation tree of minimal height, down to facts,
/// with negated atoms shown as absent tuples; clear errors for goals that cannot be explained.
/// </summary>
public sealed class ExplainTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Graph = """
        Node(A)
        Node(B)
        Node(C)
        Node(D)
        Node(F)
        E(A, B)
        E(B, C)
        E(C, D)
        E(A, D)
        Start(A)
        Reach(x) <- Start(x)
        Reach(y) <- Reach(x), E(x, y)
        Path(x, y) <- E(x, y)
        Path(x, z) <- Path(x, y), E(y, z)
        Unreached(x) <- Node(x), not Reach(x)
        Unreached(x)?
        """;

    [Fact]
    public void The_tree_goes_down_to_the_facts_of_the_shortest_derivation()
    {
        var program = _folder.Write("graph.tl", Graph);
        // Path(A, C) needs two rule steps; Path(A, D) has a one-step derivation through the edge A -> D, which
        // must be chosen over the three-step one through B and C.
        var result = TlcRun.Invoke("run", program, "--explain", "Path(A, C)");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Path(A, C)
            └─ Path(x, z) <- Path(x, y), E(y, z)   (graph.tl:14)
               ├─ Path(A, B)
               │  └─ Path(x, y) <- E(x, y)   (graph.tl:13)
               │     └─ E(A, B)   fact
               └─ E(B, C)   fact

            """, result.Stdout);
        var shortest = TlcRun.Invoke("run", program, "--explain", "Path(A, D)");
        Assert.Equal("""
            Path(A, D)
            └─ Path(x, y) <- E(x, y)   (graph.tl:13)
               └─ E(A, D)   fact

            """, shortest.Stdout);
        Assert.Equal("", result.Stderr + shortest.Stderr);
    }

    [Fact]
    public void A_negated_atom_is_explained_by_the_tuple_its_relation_lacks()
    {
        var program = _folder.Write("graph.tl", Graph);
        var result = TlcRun.Invoke("run", program, "--explain", "Unreached(F)");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Unreached(F)
            └─ Unreached(x) <- Node(x), not Reach(x)   (graph.tl:15)
               ├─ Node(F)   fact
               └─ not Reach(F)   holds: no such tuple

            """, result.Stdout);
    }

    [Fact]
    public void A_fact_is_its_own_explanation_and_a_false_atom_says_so()
    {
        var program = _folder.Write("graph.tl", Graph);
        Assert.Equal("E(A, B)   fact\n", TlcRun.Invoke("run", program, "--explain", "E(A, B)").Stdout);
        var absent = TlcRun.Invoke("run", program, "--explain", "Unreached(B)");
        Assert.Equal(0, absent.ExitCode);
        Assert.Equal("Unreached(B) does not hold: no rule derives it and no fact states it\n", absent.Stdout);
    }

    [Fact]
    public void A_goal_with_a_variable_is_an_error_with_a_caret_not_a_crash()
    {
        var program = _folder.Write("graph.tl", Graph);
        var result = TlcRun.Invoke("run", program, "--explain", "Path(A, x)");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("""
            <goal>:1:1: error TL2042: an explanation needs one atom or cell with a value at every position
             1 | Path(A, x)?
               | ^~~~~~~~~~~
              = help: name every argument: Reach(A, D), Dist[C]
            1 error

            """, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Why_in_the_repl_explains_over_the_statements_so_far()
    {
        var result = TlcRun.InvokeWithInput("""
            Parent(Bob, Charlie)
            Parent(Charlie, Dana)
            Ancestor(x, y) <- Parent(x, y)
            Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)
            :why Ancestor(Bob, Dana)
            """, "repl");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Ancestor(Bob, Dana)
            └─ Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)   (<repl:4>:1)
               ├─ Ancestor(Bob, Charlie)
               │  └─ Ancestor(x, y) <- Parent(x, y)   (<repl:3>:1)
               │     └─ Parent(Bob, Charlie)   fact
               └─ Parent(Charlie, Dana)   fact

            """, result.Stdout);
        Assert.Equal("", result.Stderr);
    }
}
