using System.Text.Json.Nodes;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// <c>textDocument/formatting</c>: the text <c>tlc fmt</c> prints, as one edit over the whole document. Where
/// <c>tlc fmt --write</c> would refuse (syntax errors, a comment the formatter failed to keep), there are no edits, and
/// the reason goes to the client's log.
/// </summary>
internal static class FormattingProvider
{
    public static JsonArray Format(OpenDocument document, Action<string> log)
    {
        var source = new SourceText(document.Source.Text, document.Path);
        var syntax = new DiagnosticBag();
        var unit = SyntaxParser.Parse(source, syntax);
        if (syntax.HasErrors)
        {
            log($"{document.Uri} has syntax errors, so it was not formatted");
            return [];
        }
        var formatted = Formatter.Format(unit);
        if (!Comments.KeptByFormatting(source.Text, formatted))
        {
            log($"{document.Uri} would lose some of its comments, so it was not formatted");
            return [];
        }
        if (formatted == source.Text)
            return [];
        var whole = new TextSpan(0, source.Text.Length);
        return [new JsonObject { ["range"] = LspRanges.Range(source, whole), ["newText"] = formatted }];
    }
}
