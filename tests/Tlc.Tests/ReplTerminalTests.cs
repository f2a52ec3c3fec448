namespace TensorLogic.Tlc.Tests;

/// <summary>
/// The REPL on a terminal, driven key by key through a pseudo-terminal: completion, history kept between
/// sessions, search, and Ctrl-C. The screen is compared whole, as the person at it would read it.
/// </summary>
public class ReplTerminalTests : IDisposable
{
    private const string Greeting = "Tensor Logic REPL. Type :help for commands, :quit to leave.";
    private const string Up = "\u001b[A";
    private readonly TemporaryFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Tab_completes_names_and_commands_and_lists_the_choices()
    {
        Assert.True(PseudoTerminal.Available, "needs /usr/bin/script and the tlc apphost");
        using var terminal = new PseudoTerminal(_data.Path, "repl");
        terminal.WaitForEnd("tl>");
        terminal.Type("Weight = [1,\r");
        terminal.WaitForEnd("...");
        terminal.Type("2]\rWide = 3\r");
        terminal.WaitForEnd("tl> Wide = 3\ntl>");
        terminal.Type("S = We\t[i]\rS?\r");
        terminal.WaitForEnd("S? 3\ntl>");
        terminal.Type("W\t");
        terminal.WaitForEnd("Weight  Wide\ntl> W");
        terminal.Type("\u0003:qu\t\r");
        Assert.Equal(0, terminal.Exit());
        Assert.Equal(string.Join("\n",
            Greeting,
            "tl> Weight = [1,",
            "... 2]",
            "tl> Wide = 3",
            "tl> S = Weight[i]",
            "tl> S?",
            "S? 3",
            "tl> W",
            "Weight  Wide",
            "tl> W^C",
            "tl> :quit",
            ""), terminal.Screen);
    }

    [Fact]
    public void History_outlives_the_session_and_Up_and_Ctrl_R_bring_lines_back()
    {
        Assert.True(PseudoTerminal.Available, "needs /usr/bin/script and the tlc apphost");
        using (var first = new PseudoTerminal(_data.Path, "repl"))
        {
            first.WaitForEnd("tl>");
            first.Type("X = 41\rY = X + 1\rY?\r");
            first.WaitForEnd("Y? 42\ntl>");
            first.Type("\u0004");
            Assert.Equal(0, first.Exit());
        }
        Assert.Equal("X = 41\nY = X + 1\nY?\n", File.ReadAllText(Path.Combine(_data.Path, "tensorlogic", "history")));

        using var second = new PseudoTerminal(_data.Path, "repl");
        second.WaitForEnd("tl>");
        // Up three times goes back to the first line; Ctrl-R finds the newest line containing "Y =".
        second.Type(Up + Up + Up + "\r");
        second.WaitForEnd("tl> X = 41\ntl>");
        second.Type("Y =\u0012\r");
        second.WaitForEnd("tl> Y = X + 1\ntl>");
        second.Type(Up + Up + Up + "\r");
        second.WaitForEnd("Y? 42\ntl>");
        second.Type("\u0004");
        Assert.Equal(0, second.Exit());
        Assert.Equal(string.Join("\n", Greeting, "tl> X = 41", "tl> Y = X + 1", "tl> Y?", "Y? 42", "tl>", ""), second.Screen);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("1", false)]
    [InlineData("", true)]
    public void Errors_are_coloured_on_a_terminal_unless_NO_COLOR_is_set(string? noColor, bool coloured)
    {
        Assert.True(PseudoTerminal.Available, "needs /usr/bin/script and the tlc apphost");
        var environment = noColor is null ? new Dictionary<string, string>() : new() { ["NO_COLOR"] = noColor };
        using var terminal = new PseudoTerminal(_data.Path, environment, "repl");
        terminal.WaitForEnd("tl>");
        terminal.Type("Q?\r");
        terminal.WaitForEnd("to make it empty\ntl>");
        terminal.Type(":quit\r");
        Assert.Equal(0, terminal.Exit());
        Assert.Equal(coloured, terminal.Drawn.Contains("\u001b[1;31merror\u001b[0m", StringComparison.Ordinal));
        // Whatever the colours, the same text is on the screen.
        Assert.Contains("<repl:1>:1:1: error TL2001: unknown tensor 'Q'", terminal.Screen);
    }

    [Theory]
    [InlineData("xterm", true)]
    [InlineData("dumb", false)]
    public void A_terminal_without_colours_gets_none(string term, bool coloured)
    {
        Assert.True(PseudoTerminal.Available, "needs /usr/bin/script and the tlc apphost");
        var program = _data.Write("bad.tl", "Q?\n");
        using var terminal = new PseudoTerminal(_data.Path, new Dictionary<string, string> { ["TERM"] = term }, "check", program);
        Assert.Equal(1, terminal.Exit());
        Assert.Equal(coloured, terminal.Drawn.Contains("\u001b[1;31merror\u001b[0m", StringComparison.Ordinal));
        Assert.Contains("bad.tl:1:1: error TL2001: unknown tensor 'Q'", terminal.Screen);
    }

    [Fact]
    public void Ctrl_C_stops_a_running_query_and_the_session_goes_on()
    {
        Assert.True(PseudoTerminal.Available, "needs /usr/bin/script and the tlc apphost");
        // Three million steps of a loop: tens of seconds, far longer than the test waits before Ctrl-C. The file
        // loads quietly; the query is typed, so it starts the moment its line is read.
        var slow = _data.Write("slow.tl",
            "U : real[2, 3000000]\nU[j, t] = 1\nW = [[0.5, 0], [0, 0.5]]\nX[i, *t+1] = W[i, j] X[j, *t] + U[i, t]\n");
        using var terminal = new PseudoTerminal(_data.Path, "repl");
        terminal.WaitForEnd("tl>");
        terminal.Type($":load {slow}\r");
        terminal.WaitForEnd($"tl> :load {slow}\ntl>");
        terminal.Type("X?\r");
        terminal.WaitForEnd("tl> X?\n");
        Thread.Sleep(1000);
        terminal.Type("\u0003");
        terminal.WaitForEnd("query cancelled\ntl>");
        terminal.Type("W?\r");
        terminal.WaitForEnd("W?\n  0.5    0\n    0  0.5\ntl>");
        terminal.Type(":quit\r");
        Assert.Equal(0, terminal.Exit());
    }
}
