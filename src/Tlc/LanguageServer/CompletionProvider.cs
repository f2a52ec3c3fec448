using System.Text.Json.Nodes;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// <c>textDocument/completion</c>: the tensors in scope (those the program and its imports declare or define,
/// and those the last checked program inferred), the built-in functions and the keywords, each group sorted,
/// keeping those that start with what is typed before the cursor.
/// </summary>
internal static class CompletionProvider
{
    // CompletionItemKind values of the LSP.
    private const int FunctionKind = 3;
    private const int VariableKind = 6;
    private const int KeywordKind = 14;

    public static JsonNode Complete(OpenDocument document, (int Line, int Character) position)
    {
        var offset = LspRanges.Offset(document.Source, position);
        var typed = NameAtPosition.Prefix(document.Source.Text, offset);
        var items = new JsonArray();
        foreach (var name in TensorNames(document).Where(n => n.StartsWith(typed, StringComparison.Ordinal)))
            items.Add(Item(name, VariableKind, document.LastBound?.FindTensor(name) is { } t ? BoundProgramPrinter.Describe(t) : "tensor"));
        foreach (var function in BuiltinFunction.Functions.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            foreach (var name in function.Aliases.Prepend(function.Name).Where(n => n.StartsWith(typed, StringComparison.Ordinal)))
                items.Add(Item(name, FunctionKind, function.Description));
        }
        foreach (var keyword in Keywords.All.Order(StringComparer.Ordinal).Where(k => k.StartsWith(typed, StringComparison.Ordinal)))
            items.Add(Item(keyword, KeywordKind, "keyword"));
        return new JsonObject { ["isIncomplete"] = false, ["items"] = items };
    }

    private static IEnumerable<string> TensorNames(OpenDocument document)
    {
        var bound = document.LastBound?.Tensors.Where(t => !t.IsSynthesized && !t.IsTemporary).Select(t => t.Name) ?? [];
        return Definitions.Names(document.Statements).Concat(bound).Distinct().Order(StringComparer.Ordinal);
    }

    private static JsonObject Item(string label, int kind, string detail) => new()
    {
        ["label"] = label,
        ["kind"] = kind,
        ["detail"] = detail,
    };
}
