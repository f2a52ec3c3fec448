using System.Text.Json.Nodes;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// Applies one entry of didChange's contentChanges. The server asks for whole texts (full sync), but a client
/// may still send a range; applying it costs little and keeps the document right.
/// </summary>
internal static class TextChanges
{
    public static string Apply(string text, JsonNode? change)
    {
        var newText = Params.String(change, "text");
        if (Params.Member(change, "range") is not JsonObject range)
            return newText;
        var source = new SourceText(text, "");
        var start = LspRanges.Offset(source, Point(range, "start"));
        var end = Math.Max(start, LspRanges.Offset(source, Point(range, "end")));
        return text[..start] + newText + text[end..];
    }

    private static (int Line, int Character) Point(JsonNode range, string name)
    {
        var point = Params.Object(range, name);
        return (Math.Max(0, Params.Integer(point, "line")), Math.Max(0, Params.Integer(point, "character")));
    }
}
