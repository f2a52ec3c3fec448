using System.Text.Json.Nodes;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// The params of <c>textDocument/publishDiagnostics</c>: the front end's diagnostics with their TLnnnn ids and
/// exact spans. A problem in an imported module (or one with no place, such as an unreadable data file) still
/// explains why the document does not check, so it is shown at the document's start with its own place in the text.
/// </summary>
internal static class LspDiagnostics
{
    private const int Error = 1;
    private const int Warning = 2;

    public static JsonObject Publish(OpenDocument document)
    {
        var items = new JsonArray();
        foreach (var diagnostic in document.Checked?.Diagnostics ?? [])
            items.Add(Convert(diagnostic, document.Source));
        return For(document.Uri, document.Version, items);
    }

    /// <summary>The empty list that clears a closed document's diagnostics.</summary>
    public static JsonObject Clear(string uri) => new() { ["uri"] = uri, ["diagnostics"] = new JsonArray() };

    private static JsonObject For(string uri, int version, JsonArray items) => new()
    {
        ["uri"] = uri,
        ["version"] = version,
        ["diagnostics"] = items,
    };

    private static JsonObject Convert(Diagnostic diagnostic, SourceText document)
    {
        var here = diagnostic.Location is { } location && ReferenceEquals(location.Source, document);
        var message = diagnostic.Message;
        if (!here)
            message = diagnostic.Location is { } elsewhere ? $"{elsewhere}: {message}" : message;
        if (diagnostic.Help is { } help)
            message += "\nhelp: " + help;
        var item = new JsonObject
        {
            ["range"] = here ? LspRanges.Range(document, diagnostic.Location!.Value.Span) : LspRanges.Range(document, default),
            ["severity"] = diagnostic.IsError ? Error : Warning,
            ["code"] = diagnostic.Id,
            ["source"] = "tlc",
            ["message"] = message,
        };
        if (!diagnostic.Notes.IsDefaultOrEmpty)
        {
            item["relatedInformation"] = new JsonArray([.. diagnostic.Notes.Select(note => (JsonNode)new JsonObject
            {
                ["location"] = LspRanges.Location(note.Location.Source, note.Location.Span),
                ["message"] = note.Message,
            })]);
        }
        return item;
    }
}
