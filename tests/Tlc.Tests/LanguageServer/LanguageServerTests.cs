using System.Text.Json.Nodes;
using TensorLogic.Testing;
using static TensorLogic.Tlc.Tests.LanguageServer.LspMessages;

namespace TensorLogic.Tlc.Tests.LanguageServer;

/// <summary>
/// <c>tlc lsp</c> run in-process on recorded exchanges: each test sends what an editor sends and compares the
/// whole exchange with a golden transcript in golden/, then asserts the values that matter one by one
/// (a diagnostic's range and id, a hover's text), so that a failure says which of them changed.
/// </summary>
public sealed class LanguageServerTests
{
    /// <summary>A small program: a declared and documented matrix, a vector literal, their product, rules.</summary>
    private const string Program = """
        /// The weights.
        W : real[2, 3]
        X = [1.0, 2.0, 3.0]
        Y[i] = relu(W[i, j] X[j])
        Parent(Bob, Ann)
        Anc(x, y) <- Parent(x, y)

        """;

    [Fact]
    public void Initialize_announces_the_capabilities_and_shutdown_then_exit_ends_cleanly()
    {
        var run = LspTranscript.Run(Initialize(), Initialized, Shutdown(2), Exit);
        Golden.Verify(run.Text, "lifecycle");
        Assert.Equal(0, run.ExitCode);
        var capabilities = run.Response(1)["result"]!["capabilities"]!;
        Assert.Equal(1, (int)capabilities["textDocumentSync"]!["change"]!);
        Assert.True((bool)capabilities["hoverProvider"]!);
        Assert.True((bool)capabilities["definitionProvider"]!);
        Assert.True((bool)capabilities["documentFormattingProvider"]!);
        Assert.Null(run.Response(2)["result"]);
    }

    [Fact]
    public void Exit_without_shutdown_and_the_end_of_input_are_not_clean_ends()
    {
        Assert.Equal(1, LspTranscript.Run(Initialize(), Exit).ExitCode);
        Assert.Equal(1, LspTranscript.Run(Initialize()).ExitCode);
    }

    [Fact]
    public void An_error_is_published_with_its_id_and_exact_range_and_cleared_when_fixed()
    {
        // 'Z' is read but never defined (TL2001), at line 2, columns 13-14 (0-based).
        var broken = "W : real[2]\nW[i] = 1.0\nY[i] = W[i] Z[i]\n";
        var run = LspTranscript.Run(Initialize(), Initialized, Open(broken), Change("W : real[2]\nW[i] = 1.0\nY[i] = W[i]\nY?\n", 2));
        Golden.Verify(run.Text, "diagnostics");
        var published = run.Notifications("textDocument/publishDiagnostics").ToList();
        var error = published[0]["params"]!["diagnostics"]![0]!;
        Assert.Equal("TL2001", (string?)error["code"]);
        Assert.Equal(1, (int)error["severity"]!);
        Assert.Equal((2, 12, 2, 16), Range(error["range"]!));
        Assert.Equal(2, (int)published[1]["params"]!["version"]!);
        Assert.Empty(published[1]["params"]!["diagnostics"]!.AsArray());
    }

    [Fact]
    public void A_change_with_a_range_edits_the_text_and_closing_clears_the_diagnostics()
    {
        // Replaces "1.0" (line 0, characters 4-7) by "Q": an unknown tensor where the number was.
        var edit = Notification("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = LspMessages.Uri, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = new JsonObject
                {
                    ["start"] = new JsonObject { ["line"] = 0, ["character"] = 4 },
                    ["end"] = new JsonObject { ["line"] = 0, ["character"] = 7 },
                },
                ["text"] = "Q",
            }),
        });
        var close = Notification("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspMessages.Uri } });
        var run = LspTranscript.Run(Initialize(), Initialized, Open("W = 1.0\nW?\n"), edit, close);
        var published = run.Notifications("textDocument/publishDiagnostics").Select(n => n["params"]!).ToList();
        Assert.Equal(3, published.Count);
        Assert.Empty(published[0]["diagnostics"]!.AsArray());
        var error = published[1]["diagnostics"]![0]!;
        Assert.Equal("TL2001", (string?)error["code"]);
        Assert.Equal((0, 4, 0, 5), Range(error["range"]!));
        Assert.Empty(published[2]["diagnostics"]!.AsArray());
    }

    [Fact]
    public void A_syntax_error_is_published_at_the_token()
    {
        var run = LspTranscript.Run(Initialize(), Initialized, Open("Y[i] = W[i,, j]\n"));
        Golden.Verify(run.Text, "syntax-error");
        var error = run.Notifications("textDocument/publishDiagnostics").Single()["params"]!["diagnostics"]![0]!;
        Assert.StartsWith("TL1", (string?)error["code"]);
    }

    [Fact]
    public void Hover_shows_type_domains_and_shape_of_a_tensor_and_what_a_builtin_computes()
    {
        var run = LspTranscript.Run(Initialize(), Initialized, Open(Program), Hover(2, 3, 0), Hover(3, 3, 8), Hover(4, 3, 3), Hover(5, 5, 1), Hover(6, 1, 0));
        Golden.Verify(run.Text, "hover");
        Assert.Equal("```tensorlogic\nY : real[W.0=2]\n```\nshape [2]", (string?)run.Response(2)["result"]!["contents"]!["value"]);
        Assert.StartsWith("```tensorlogic\nrelu(x)\n```\nbuilt-in function: max(x, 0)", (string?)run.Response(3)["result"]!["contents"]!["value"]);
        Assert.Null(run.Response(4)["result"]);
        Assert.Equal((5, 0, 5, 3), Range(run.Response(5)["result"]!["range"]!));
        Assert.EndsWith("shape [2, 3]\n\nThe weights.", (string?)run.Response(6)["result"]!["contents"]!["value"]);
    }

    private static (int, int, int, int) Range(JsonNode range) =>
        ((int)range["start"]!["line"]!, (int)range["start"]!["character"]!, (int)range["end"]!["line"]!, (int)range["end"]!["character"]!);
}
