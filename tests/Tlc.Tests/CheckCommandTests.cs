namespace TensorLogic.Tlc.Tests;

/// <summary><c>tlc check</c>: diagnostics on stderr, the summary line, the exit codes and <c>--emit bound</c>.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private const string Family = """
        Parent(Alice, Bob)
        Parent(Bob, Charlie)
        Ancestor(x, y) <- Parent(x, y)
        Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)
        Ancestor(Alice, x)?
        """;

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_correct_program_passes_silently()
    {
        var result = TlcRun.Invoke("check", _folder.Write("family.tl", Family));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Emit_bound_prints_the_checked_program()
    {
        var result = TlcRun.Invoke("check", "--emit", "bound", _folder.Write("family.tl", Family));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Ancestor : bool[", result.Stdout);
        Assert.Contains("{Ancestor} recursive", result.Stdout);
    }

    [Fact]
    public void Errors_exit_with_1_and_end_with_a_summary()
    {
        var path = _folder.Write("bad.tl", "Y[i] = W[i, j] X[j]\nW = [[1, 2], [3, 4]]\nX = [1, 2, 3]\nY?\n");

        var result = TlcRun.Invoke("check", "--emit", "bound", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TL2005", result.Stderr);
        Assert.EndsWith("\n1 error\n", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Warnings_alone_exit_with_0()
    {
        var path = _folder.Write("warn.tl", "X = [1, 2]\nY = [3, 4]\nX?\n");

        var result = TlcRun.Invoke("check", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning TL2029", result.Stderr);
        Assert.EndsWith("\n1 warning\n", result.Stderr);
    }

    [Fact]
    public void Each_file_is_a_program_of_its_own()
    {
        // Both define X; as one program that would be a literal given twice.
        var first = _folder.Write("a.tl", "X = [1, 2]\nX?\n");
        var second = _folder.Write("b.tl", "X = [3, 4]\nX?\n");

        var result = TlcRun.Invoke("check", first, second);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void The_summary_counts_every_file()
    {
        var first = _folder.Write("a.tl", "X = [1, 2]\nY = [1]\nX?\n");
        var second = _folder.Write("b.tl", "Z[i] = Q[i]\nZ?\n");

        var result = TlcRun.Invoke("check", first, second);

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("\n1 error, 1 warning\n", result.Stderr);
    }

    [Fact]
    public void A_missing_file_is_a_short_message_with_exit_code_2()
    {
        var result = TlcRun.Invoke("check", "no/such/file.tl");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("tlc: error TL5009: cannot read 'no/such/file.tl': no such directory\n1 error\n", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void A_missing_file_does_not_stop_the_others_from_being_checked()
    {
        var bad = _folder.Write("bad.tl", "Y = Nope\nY?\n");

        var result = TlcRun.Invoke("check", Path.Combine(_folder.Path, "missing.tl"), bad);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file", result.Stderr);
        Assert.Contains("error TL2001", result.Stderr);
    }

    [Fact]
    public void A_directory_is_not_a_program()
    {
        var result = TlcRun.Invoke("check", _folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("it is a directory", result.Stderr);
    }

    [Fact]
    public void Data_files_are_read_beside_the_program()
    {
        _folder.Write("parent.tsv", "Alice\tBob\nBob\tCarol\n");
        var path = _folder.Write("family.tl", "Parent = \"parent.tsv\"\nAncestor(x, y) <- Parent(x, y)\nAncestor(x, z) <- Ancestor(x, y), Parent(y, z)\nAncestor(Alice, y)?\n");

        var result = TlcRun.Invoke("check", "--emit", "bound", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("{Alice, Bob, Carol}", result.Stdout);
    }

    [Fact]
    public void A_missing_data_file_is_an_error_of_the_program()
    {
        var path = _folder.Write("family.tl", "Parent = \"parent.tsv\"\nParent?\n");

        var result = TlcRun.Invoke("check", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TL5001", result.Stderr);
    }

    [Fact]
    public void Diagnostics_written_to_a_string_have_no_colors()
    {
        var result = TlcRun.Invoke("check", _folder.Write("bad.tl", "Y = Nope\nY?\n"));

        Assert.DoesNotContain("\u001b", result.Stderr);
    }
}
