using TensorLogic.Testing;
using static TensorLogic.Tlc.Tests.LanguageServer.LspMessages;

namespace TensorLogic.Tlc.Tests.LanguageServer;

/// <summary>Go to definition, completion and formatting, on recorded exchanges (golden/) with exact values asserted.</summary>
public sealed class LanguageServerFeatureTests
{
    /// <summary>A program that uses an instance of the standard library's perceptron.</summary>
    private const string WithImport = """
        import "std/nn.tl" as net with X=Features, In=2, Hidden=3, Out=2
        Features = [[1.0, 2.0], [3.0, 4.0]]
        Probs[n, o] = net.Probs[n, o]
        Probs?

        """;

    [Fact]
    public void Definition_goes_to_a_local_equation_into_an_imported_module_and_to_the_module_file()
    {
        var run = LspTranscript.Run(Initialize(), Initialized, Open(WithImport),
            Definition(2, 0, 35), Definition(3, 2, 20), Definition(4, 0, 10), Definition(5, 3, 1), Definition(6, 2, 9));
        Golden.Verify(run.Text, "definition");
        Assert.Equal("file:///lsp-tests/main.tl", (string?)run.Response(2)["result"]!["uri"]);
        Assert.Equal(1, (int)run.Response(2)["result"]!["range"]!["start"]!["line"]!);
        Assert.EndsWith("/stdlib/std/nn.tl", (string?)run.Response(3)["result"]!["uri"]);
        Assert.Equal(39, (int)run.Response(3)["result"]!["range"]!["start"]!["line"]!);
        Assert.EndsWith("/stdlib/std/nn.tl", (string?)run.Response(4)["result"]!["uri"]);
        Assert.Equal(2, (int)run.Response(5)["result"]!["range"]!["start"]!["line"]!);
        Assert.Null(run.Response(6)["result"]);
    }

    [Fact]
    public void Completion_offers_tensors_builtins_and_keywords_that_start_with_the_typed_name()
    {
        var program = "Weights : real[2]\nWidth = 3\nY[i] = W";
        var run = LspTranscript.Run(Initialize(), Initialized, Open(program), Completion(2, 2, 8), Completion(3, 2, 7));
        Golden.Verify(run.Text, "completion");
        Assert.Equal(["Weights", "Width"], run.Response(2)["result"]!["items"]!.AsArray().Select(i => (string?)i!["label"]));
        var all = run.Response(3)["result"]!["items"]!.AsArray().Select(i => (string?)i!["label"]).ToList();
        Assert.Contains("relu", all);
        Assert.Contains("learn", all);
        Assert.Contains("Y", all);
    }

    [Fact]
    public void Formatting_replaces_the_document_with_what_tlc_fmt_prints()
    {
        var run = LspTranscript.Run(Initialize(), Initialized, Open("Y[i]=W[i,j]  X[j]\n"), Formatting(2));
        Golden.Verify(run.Text, "formatting");
        var edit = run.Response(2)["result"]!.AsArray().Single()!;
        Assert.Equal("Y[i] = W[i, j] X[j]\n", (string?)edit["newText"]);
        Assert.Equal(0, (int)edit["range"]!["end"]!["character"]!);
        Assert.Equal(1, (int)edit["range"]!["end"]!["line"]!);
    }

    [Fact]
    public void Formatting_keeps_comments()
    {
        var run = LspTranscript.Run(Initialize(), Initialized, Open("# a product\nY[i]=W[i,j]  X[j]  # over j\n"), Formatting(2));
        Golden.Verify(run.Text, "formatting-comment");
        var edit = run.Response(2)["result"]!.AsArray().Single()!;
        Assert.Equal("# a product\nY[i] = W[i, j] X[j] # over j\n", (string?)edit["newText"]);
    }

    [Fact]
    public void Formatting_gives_no_edits_where_tlc_fmt_would_refuse()
    {
        var run = LspTranscript.Run(Initialize(), Initialized, Open("Y[i] = W[i,, j]\n"), Formatting(2));
        Golden.Verify(run.Text, "formatting-syntax-error");
        Assert.Empty(run.Response(2)["result"]!.AsArray());
    }
}
