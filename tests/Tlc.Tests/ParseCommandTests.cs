namespace TensorLogic.Tlc.Tests;

/// <summary><c>tlc parse</c>: the syntax tree with <c>--tree</c>, the canonical text without.</summary>
public sealed class ParseCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Tree_prints_one_node_per_line_with_positions()
    {
        var path = _folder.Write("p.tl", "Parent(Alice, Bob)\n");

        var result = TlcRun.Invoke("parse", path, "--tree");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Program @1:1", result.Stdout);
        Assert.Contains("Constant Alice @1:8-1:13", result.Stdout);
    }

    [Fact]
    public void Without_tree_prints_the_formatted_program()
    {
        var path = _folder.Write("p.tl", "Parent(Alice,Bob).\n");

        var result = TlcRun.Invoke("parse", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Parent(Alice, Bob)\n", result.Stdout);
    }

    [Fact]
    public void Syntax_errors_exit_with_1_and_print_no_tree()
    {
        var path = _folder.Write("p.tl", "Y = [1, 2\n");

        var result = TlcRun.Invoke("parse", "--tree", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TL1", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Parse_does_not_bind()
    {
        // An unknown tensor is a binder error; parse only reads the syntax.
        var path = _folder.Write("p.tl", "Y = Nope\n");

        Assert.Equal(0, TlcRun.Invoke("parse", path).ExitCode);
    }
}
