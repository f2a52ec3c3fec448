using System.Text.Json.Nodes;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// <c>textDocument/hover</c>: for a tensor, the line the REPL's <c>:type</c> prints (type, and each position's
/// domain with its size), its shape, and its <c>///</c> comment; for a built-in function, what it computes.
/// </summary>
internal static class HoverProvider
{
    public static JsonNode? Hover(OpenDocument document, (int Line, int Character) position)
    {
        var offset = LspRanges.Offset(document.Source, position);
        if (NameAtPosition.Find(document.Source.Text, offset) is not var (name, span))
            return null;
        if (Describe(document, name) is not { } markdown)
            return null;
        return new JsonObject
        {
            ["contents"] = new JsonObject { ["kind"] = "markdown", ["value"] = markdown },
            ["range"] = LspRanges.Range(document.Source, span),
        };
    }

    private static string? Describe(OpenDocument document, string name)
    {
        if (document.LastBound?.FindTensor(name) is { IsSynthesized: false, IsTemporary: false } tensor)
        {
            var text = $"```tensorlogic\n{BoundProgramPrinter.Describe(tensor)}\n```\nshape {Shape(tensor)}";
            if (document.Checked?.Program.Docs.Find(name) is { Doc.Text: { } doc })
                text += "\n\n" + doc;
            return text;
        }
        if (BuiltinFunction.Find(name) is { } function)
            return $"```tensorlogic\n{function.Name}(x{(function.MaxArguments > 1 ? ", ..." : "")})\n```\nbuilt-in function: {function.Description}";
        return null;
    }

    private static string Shape(TensorSymbol tensor) =>
        tensor.Rank == 0 ? "scalar" : $"[{string.Join(", ", tensor.Shape)}]";
}
