using System.Text;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Diagnostics;

/// <summary>
/// Renders diagnostics the way a compiler user expects them: the <c>file:line:col: error TLnnnn: text</c>
/// line, the source line with a caret under the span, an optional help line, and the notes.
/// </summary>
public static class DiagnosticFormatter
{
    public static string Format(IEnumerable<Diagnostic> diagnostics)
    {
        var builder = new StringBuilder();
        foreach (var diagnostic in diagnostics)
            Append(builder, diagnostic);
        return builder.ToString();
    }

    public static string Format(Diagnostic diagnostic)
    {
        var builder = new StringBuilder();
        Append(builder, diagnostic);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Diagnostic diagnostic)
    {
        builder.Append(diagnostic.ToString()).Append('\n');
        if (diagnostic.Location is { } location)
            AppendSnippet(builder, location);
        if (diagnostic.Help is { } help)
            builder.Append("  = help: ").Append(help).Append('\n');
        foreach (var note in diagnostic.Notes)
        {
            builder.Append(note.Location.ToString()).Append(": note: ").Append(note.Message).Append('\n');
            AppendSnippet(builder, note.Location);
        }
    }

    private static void AppendSnippet(StringBuilder builder, SourceLocation location)
    {
        var source = location.Source;
        if (source.Text.Length == 0)
            return;
        var start = Math.Min(location.Span.Start, source.Text.Length);
        var lineIndex = source.GetLineIndex(start);
        var lineText = source.GetLineText(lineIndex);
        var column = start - source.GetLineStart(lineIndex);
        // A span that runs past its first line is underlined to the end of that line only.
        var width = Math.Clamp(location.Span.Length, 1, Math.Max(1, lineText.Length - column));
        var gutter = (lineIndex + 1).ToString();
        var pad = new string(' ', gutter.Length);
        builder.Append(' ').Append(gutter).Append(" | ").Append(ExpandTabs(lineText)).Append('\n');
        builder.Append(' ').Append(pad).Append(" | ")
            .Append(Indentation(lineText, column)).Append('^').Append(new string('~', width - 1)).Append('\n');
    }

    private static string ExpandTabs(string line) => line.Replace('\t', ' ');

    // Keep the caret aligned under the span whatever the line's characters are.
    private static string Indentation(string line, int column) =>
        new(' ', Math.Min(column, line.Length) + Math.Max(0, column - line.Length));
}
