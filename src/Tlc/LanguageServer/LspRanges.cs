using System.Text.Json.Nodes;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// Converts between the front end's character offsets and the LSP's positions (0-based line, 0-based UTF-16
/// character). <see cref="SourceText"/> counts UTF-16 code units too, so no re-encoding is needed, only the
/// shift from 1-based to 0-based.
/// </summary>
internal static class LspRanges
{
    public static JsonObject Position(SourceText source, int offset)
    {
        var position = source.GetLinePosition(offset);
        return new JsonObject { ["line"] = position.Line - 1, ["character"] = position.Column - 1 };
    }

    public static JsonObject Range(SourceText source, TextSpan span) => new()
    {
        ["start"] = Position(source, span.Start),
        ["end"] = Position(source, span.End),
    };

    public static JsonObject Location(SourceText source, TextSpan span) => new()
    {
        ["uri"] = FileUris.FromPath(source.Path),
        ["range"] = Range(source, span),
    };

    /// <summary>The offset of a position; past the end of a line means its end, past the last line the end of the text.</summary>
    public static int Offset(SourceText source, (int Line, int Character) position)
    {
        if (position.Line >= source.LineCount)
            return source.Text.Length;
        var line = source.GetLineText(position.Line);
        return source.GetLineStart(position.Line) + Math.Min(position.Character, line.Length);
    }
}
