using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary><c>tlc doc</c>: a module's <c>///</c> comments as Markdown, and docs/stdlib.md kept equal to it.</summary>
public sealed class DocCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Prints_a_module_s_comments_by_kind()
    {
        var path = _folder.Write("scale.tl", """
            /// Scales a vector.
            /// By a factor.

            /// The vector.
            input X
            /// How much.
            param Factor=2, Size
            # An ordinary comment is not documentation.
            Scaled[i] = Factor X[i]
            /// Room for more.
            Padded : real[Size]
            /// Scaled, again.
            Scaled[i] += X[i]
            """);

        var result = TlcRun.Invoke("doc", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal("""
            ## `scale.tl`

            Scales a vector.
            By a factor.

            **Inputs**

            - `X`: The vector.

            **Parameters**

            - `Factor` (default 2): How much.
            - `Size` (required): How much.

            **Tensors**

            - `Scaled`: Scaled, again.
            - `Padded : real[Size]`: Room for more.
            """.Replace("\r\n", "\n"), result.Stdout.TrimEnd());
    }

    [Fact]
    public void A_file_with_syntax_errors_is_reported()
    {
        var path = _folder.Write("bad.tl", "input X = 3\n");

        var result = TlcRun.Invoke("doc", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TL1019", result.Stderr);
    }

    [Theory]
    [InlineData("logic.tl")]
    [InlineData("nn.tl")]
    [InlineData("transformer.tl")]
    [InlineData("cnn.tl")]
    [InlineData("rnn.tl")]
    [InlineData("gnn.tl")]
    [InlineData("kernels.tl")]
    [InlineData("pgm.tl")]
    [InlineData("jointree.tl")]
    [InlineData("embed.tl")]
    [InlineData("tucker.tl")]
    public void Docs_stdlib_md_holds_each_module_s_documentation(string module)
    {
        var result = TlcRun.Invoke("doc", Repository.PathOf("stdlib", "std", module));
        var page = File.ReadAllText(Repository.PathOf("docs", "stdlib.md")).Replace("\r\n", "\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.Stdout, page);
    }

    [Fact]
    public void Every_module_of_the_stdlib_is_documented()
    {
        var modules = Directory.GetFiles(Repository.PathOf("stdlib", "std"), "*.tl").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var page = File.ReadAllText(Repository.PathOf("docs", "stdlib.md"));

        Assert.All(modules, m => Assert.Contains($"## `std/{m}`", page));
    }
}
