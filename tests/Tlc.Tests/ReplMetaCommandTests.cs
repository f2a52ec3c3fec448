using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>Each ':' command of the REPL, typed into a piped session, with the exact text it prints.</summary>
public class ReplMetaCommandTests : IDisposable
{
    private const string Weights = "/// The weights.\nW = [1, 2]\nS = W[i]\n";
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Type_and_shape_describe_a_tensor()
    {
        var result = TlcRun.InvokeWithInput(Weights + ":type S\n:shape W\n", "repl");
        Assert.Equal("S : real\nW : real[W.0=2]\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void An_unknown_name_is_an_error_at_its_place_in_the_command()
    {
        var result = TlcRun.InvokeWithInput(Weights + ":type Q\n:plan Nope\n", "repl");
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            "<command>:1:7: error TL2001: unknown tensor 'Q'\n 1 | :type Q\n   |       ^\n" +
            "<command>:1:7: error TL2001: unknown tensor 'Nope'\n 1 | :plan Nope\n   |       ^~~~\n", result.Stderr);
    }

    [Fact]
    public void Ir_and_plan_print_what_a_tensor_needs()
    {
        var result = TlcRun.InvokeWithInput(Weights + "T = 2\n:ir S\n:plan S\n", "repl");
        const string equation = "target: cpu\nstratum {S} once\n  equation S = W[i]  @<repl:2>:1\n" +
            "    folded: computed once before the run (all inputs are literals)\n    + contract W[i] -> S[]  (2 FLOP)\n";
        Assert.Equal(
            equation + "    finish none; add into S\n" +
            equation + "      reduce W[i] -> S[]  2 FLOP, result 1 elements\n    finish none; add into S\n", result.Stdout);
    }

    [Fact]
    public void Doc_prints_the_comment_of_a_tensor_the_session_defines()
    {
        var result = TlcRun.InvokeWithInput(Weights + ":doc W\n:doc S\n", "repl");
        Assert.Equal("W\n  The weights.\nS has no /// comment\n", result.Stdout);
    }

    [Fact]
    public void Doc_finds_stdlib_tensors_and_modules()
    {
        var result = TlcRun.InvokeWithInput(":doc Path\n:doc std/logic.tl\n", "repl");
        Assert.StartsWith("std/logic.tl: Path\n  Path(x, y): y can be reached from x along one or more edges (the transitive closure of Edge).\n" +
            "## `std/logic.tl`\n\nRules over a graph", result.Stdout);
        Assert.Contains("- `Start`: Where reachability starts: Start(x) for each start node.\n", result.Stdout);
    }

    [Fact]
    public void Time_prints_how_long_each_submission_took_until_turned_off()
    {
        var result = TlcRun.InvokeWithInput(":time\nX = 3\nX?\n:time\nX?\n", "repl");
        Assert.Matches(@"^timing on\ntime: \d+\.\d ms\nX\? 3\ntime: \d+\.\d ms\ntiming off\nX\? 3\n$", result.Stdout);
    }

    [Fact]
    public void Save_writes_the_statements_in_canonical_form_and_load_reads_them_back()
    {
        var file = Path.Combine(_folder.Path, "session.tl");
        File.WriteAllText(file, "old");
        var saved = TlcRun.InvokeWithInput(Weights + "S?\nR(A,B)\n:save " + file + "\n", "repl");
        Assert.Equal("S? 3\nsaved 4 submission(s) to " + file + "\n", saved.Stdout);
        Assert.Equal("/// The weights.\nW = [1, 2]\nS = W[i]\nS?\nR(A, B)\n", File.ReadAllText(file));
        // Nothing but the file is left in the folder: the write went through a temporary file, renamed.
        Assert.Equal(["session.tl"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));

        var loaded = TlcRun.InvokeWithInput($":load {file}\nR(A, x)?\n", "repl");
        Assert.Equal("R(A, x)?\n  x\n  -\n  B\n", loaded.Stdout);
    }

    [Fact]
    public void A_command_inside_an_open_statement_runs_and_the_statement_waits()
    {
        var result = TlcRun.InvokeWithInput("X = 1\nY = [1,\n:type X\n2]\n:type Y\nY?\n", "repl", "--format", "json");
        Assert.Equal("X : real = 1\nY : real[Y.0=2]\n" + """{"query":"Y?","shape":[2],"data":[1,2]}""" + "\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Reset_also_forgets_an_open_statement()
    {
        var result = TlcRun.InvokeWithInput("Y = [1,\n:reset\nZ = 2\nZ?\n", "repl");
        Assert.Equal("program cleared\nZ? 2\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Help_lists_every_command()
    {
        var result = TlcRun.InvokeWithInput(":help\n", "repl");
        foreach (var command in new[] { ":load FILE", ":load --queries FILE", ":limit N", ":save FILE", ":why", ":type T", ":ir T", ":plan T", ":doc NAME", ":list", ":time", ":reset", ":help", ":quit" })
            Assert.Contains("  " + command, result.Stdout);
    }

    [Fact]
    public void An_unknown_command_says_how_to_find_the_commands()
    {
        var result = TlcRun.InvokeWithInput(":frobnicate\n", "repl");
        Assert.Equal("unknown command ':frobnicate'; type :help for the commands\n", result.Stderr);
    }
}
