using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>The REPL driven through standard input, as a script would.</summary>
public class ReplTests
{
    [Fact]
    public void Statements_accumulate_and_queries_are_answered()
    {
        var result = TlcRun.InvokeWithInput("""
            Parent(Bob, Charlie)
            Parent(Charlie, Dana)
            Ancestor(x, y) <- Parent(x, y)
            Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)
            Ancestor(Bob, x)?
            """, "repl");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Ancestor(Bob, x)?\n  x\n  -------\n  Charlie\n  Dana\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void A_module_imported_in_one_submission_is_read_in_the_next()
    {
        var result = TlcRun.InvokeWithInput("""
            E(A, B). E(B, C). S(A)
            import "std/logic.tl" as g with Edge=E, Start=S
            g.Path(A, x)?
            """, "repl");
        Assert.Equal("", result.Stderr);
        Assert.Equal("g.Path(A, x)?\n  x\n  -\n  B\n  C\n", result.Stdout);
    }

    [Fact]
    public void An_open_bracket_continues_on_the_next_line()
    {
        var result = TlcRun.InvokeWithInput("W = [1,\n  2,\n  3]\nS = W[i]\nS?\n", "repl", "--format", "json");
        Assert.Equal("""{"query":"S?","shape":[],"data":[6]}""" + "\n", result.Stdout);
    }

    [Fact]
    public void A_bad_submission_is_reported_and_dropped()
    {
        var result = TlcRun.InvokeWithInput("X = [1, 2]\nY = Z[i]\nY = X[i]\nY?\n", "repl");
        Assert.Equal("Y? 3\n", result.Stdout);
        Assert.Contains("<repl:2>:1:5: error TL2001: unknown tensor 'Z'", result.Stderr);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Commands_load_list_reset_and_quit()
    {
        var family = Repository.PathOf("examples", "perceptron.tl");
        var result = TlcRun.InvokeWithInput($":load --queries {family}\n:list\n:reset\n:list\n:help\n:quit\nY?\n", "repl");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Y? 1\n", result.Stdout);
        Assert.Contains("W : real[W.0=4]\n", result.Stdout);
        Assert.Contains("program cleared\n", result.Stdout);
        Assert.Contains(":load FILE", result.Stdout);
        // :quit ends the session, so the query after it is never read.
        Assert.Equal(1, result.Stdout.Split('\n').Count(l => l == "Y? 1"));
    }

    [Fact]
    public void Files_on_the_command_line_are_loaded_first()
    {
        var result = TlcRun.InvokeWithInput("YEach[1]?\n", "repl", Repository.PathOf("examples", "perceptron.tl"));
        // The file's own queries are not answered: only the one typed.
        Assert.Equal((0, "YEach[1]? 1\n"), (result.ExitCode, result.Stdout));
    }
}
