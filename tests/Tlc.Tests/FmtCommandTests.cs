namespace TensorLogic.Tlc.Tests;

/// <summary><c>tlc fmt</c>: canonical text on stdout, in-place rewriting, and never writing a broken file.</summary>
public sealed class FmtCommandTests : IDisposable
{
    private const string Messy = "Y[i]=step( W[i,j]X[j] )\nW=[[1,2],[3,4]]\nX=[1,2]\nY ?\n";
    private const string Canonical = "Y[i] = step(W[i, j] X[j])\nW = [[1, 2], [3, 4]]\nX = [1, 2]\nY?\n";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Prints_the_canonical_form_and_leaves_the_file_alone()
    {
        var path = _folder.Write("messy.tl", Messy);

        var result = TlcRun.Invoke("fmt", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Canonical, result.Stdout);
        Assert.Equal(Messy, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("--write")]
    [InlineData("-w")]
    public void Write_rewrites_the_file_in_place(string option)
    {
        var path = _folder.Write("messy.tl", Messy);

        var result = TlcRun.Invoke("fmt", option, path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(Canonical, File.ReadAllText(path));
        Assert.Equal(["messy.tl"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_with_syntax_errors_is_never_written()
    {
        var text = "Y[i] = W[i, j] X[j]\nZ = (1 +\nY?\n";
        var path = _folder.Write("broken.tl", text);
        var before = File.GetLastWriteTimeUtc(path);

        var result = TlcRun.Invoke("fmt", "--write", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TL1", result.Stderr);
        Assert.Equal(text, File.ReadAllText(path));
        Assert.Equal(before, File.GetLastWriteTimeUtc(path));
        Assert.Equal(["broken.tl"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Comments_stay_where_they_were_and_the_file_is_rewritten()
    {
        var path = _folder.Write("commented.tl", "# a comment\nE(0,1)   # trailing\n# another\nR(x)<-E(x,y)\n");

        var result = TlcRun.Invoke("fmt", "-w", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal("# a comment\nE(0, 1) # trailing\n# another\nR(x) <- E(x, y)\n", File.ReadAllText(path));
        Assert.Equal(["commented.tl"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Doc_comments_are_kept_above_what_they_document()
    {
        var path = _folder.Write("module.tl", "/// A module.\n///\n///   Indented.\n\n\n/// The input.\ninput  X\n\n/// Doubled.\nY[i]=2 X[i]\nZ(1).Z(2)\n/// Last.\nZ(3)\n");

        var result = TlcRun.Invoke("fmt", "-w", path);

        Assert.Equal(0, result.ExitCode);
        var formatted = "/// A module.\n///\n///   Indented.\n\n/// The input.\ninput X\n\n/// Doubled.\nY[i] = 2 X[i]\nZ(1)\nZ(2)\n/// Last.\nZ(3)\n";
        Assert.Equal(formatted, File.ReadAllText(path));
        Assert.Equal(formatted, TlcRun.Invoke("fmt", path).Stdout);
    }

    [Theory]
    [InlineData("X = [1]\n/// Documents nothing.\n\nX?\n", "X = [1]\n/// Documents nothing.\n\nX?\n")]
    [InlineData("X = [1] /// After a statement, not a doc comment.\nX?\n", "X = [1] /// After a statement, not a doc comment.\nX?\n")]
    [InlineData("/// Sum.\nY = A +  # inside\n  B\n", "# inside\n/// Sum.\nY = A + B\n")]
    public void Doc_comments_that_document_nothing_are_kept_too(string text, string formatted)
    {
        var path = _folder.Write("dangling.tl", text);

        var result = TlcRun.Invoke("fmt", "-w", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(formatted, File.ReadAllText(path));
    }

    [Fact]
    public void Check_says_by_its_exit_code_whether_the_file_is_canonical()
    {
        var messy = _folder.Write("messy.tl", Messy);
        var canonical = _folder.Write("canonical.tl", Canonical);

        var failed = TlcRun.Invoke("fmt", "--check", messy);
        var passed = TlcRun.Invoke("fmt", "--check", canonical);

        Assert.Equal((1, "", $"tlc: '{messy}' is not in canonical form (run 'tlc fmt -w {messy}')\n"), (failed.ExitCode, failed.Stdout, failed.Stderr));
        Assert.Equal((0, "", ""), (passed.ExitCode, passed.Stdout, passed.Stderr));
        Assert.Equal(Messy, File.ReadAllText(messy));
    }

    [Fact]
    public void Check_and_write_together_are_a_usage_error()
    {
        var path = _folder.Write("messy.tl", Messy);

        var result = TlcRun.Invoke("fmt", "--check", "-w", path);

        Assert.Equal((2, "tlc: fmt takes --write or --check, not both\n"), (result.ExitCode, result.Stderr));
        Assert.Equal(Messy, File.ReadAllText(path));
    }

    [Fact]
    public void A_hash_inside_a_string_is_not_a_comment()
    {
        var path = _folder.Write("string.tl", "M=\"a#b.txt\"\nM?\n");

        var result = TlcRun.Invoke("fmt", "-w", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("M = \"a#b.txt\"\nM?\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_file_exits_with_2()
    {
        var result = TlcRun.Invoke("fmt", Path.Combine(_folder.Path, "none.tl"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error TL5009: cannot read", result.Stderr);
    }
}
