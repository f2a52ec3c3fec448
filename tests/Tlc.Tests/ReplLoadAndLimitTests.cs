namespace TensorLogic.Tlc.Tests;

/// <summary>
/// What the REPL prints of a loaded program (nothing of its queries unless asked) and of a long answer
/// (<c>:limit</c> rows, then a count of the rest).
/// </summary>
public sealed class ReplLoadAndLimitTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Program() => _folder.Write("program.tl", "X = [1, 2]\nS = X[i]\nS?\n");

    [Fact]
    public void Load_adds_the_program_without_answering_its_queries()
    {
        var result = TlcRun.InvokeWithInput($":load {Program()}\nS?\n", "repl");

        Assert.Equal((0, "S? 3\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Load_with_queries_answers_them()
    {
        var result = TlcRun.InvokeWithInput($":load --queries {Program()}\n", "repl");

        Assert.Equal((0, "S? 3\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Files_on_the_command_line_answer_their_queries_only_with_the_queries_option()
    {
        var quiet = TlcRun.InvokeWithInput("X?\n", "repl", Program());
        var answered = TlcRun.InvokeWithInput("", "repl", "--queries", Program());

        Assert.Equal((0, "X?\n  [1, 2]\n"), (quiet.ExitCode, quiet.Stdout));
        Assert.Equal((0, "S? 3\n"), (answered.ExitCode, answered.Stdout));
    }

    [Fact]
    public void A_long_answer_shows_twenty_rows_and_counts_the_rest()
    {
        var facts = string.Join(". ", Enumerable.Range(0, 10_000).Select(n => $"E({n})"));

        var result = TlcRun.InvokeWithInput(facts + "\nE(x)?\n", "repl");

        var rows = string.Concat(Enumerable.Range(0, 20).Select(n => $"  {n}\n"));
        Assert.Equal("E(x)?\n  x\n  --\n" + rows + "  ... 9,980 more rows\n", result.Stdout);
    }

    [Fact]
    public void Limit_changes_how_many_rows_are_shown()
    {
        var result = TlcRun.InvokeWithInput(
            "E(1). E(2). E(3). E(4)\n:limit 3\nE(x)?\n:limit 0\nE(x)?\n:limit\n:limit many\n", "repl");

        Assert.Equal(string.Join("\n",
            "answers show at most 3 rows",
            "E(x)?", "  x", "  -", "  1", "  2", "  3", "  ... 1 more row",
            "answers show every row",
            "E(x)?", "  x", "  -", "  1", "  2", "  3", "  4",
            "answers show every row",
            ""), result.Stdout);
        Assert.Equal(":limit takes a number of rows (0: all), not 'many'\n", result.Stderr);
    }

    [Fact]
    public void Json_answers_are_never_cut()
    {
        var result = TlcRun.InvokeWithInput("E(1). E(2). E(3)\n:limit 1\nE(x)?\n", "repl", "--format", "json");

        Assert.Equal("answers show at most 1 row\n" + """{"query":"E(x)?","vars":["x"],"rows":[[1],[2],[3]]}""" + "\n", result.Stdout);
    }
}
