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
        builder.Append(VisibleText.Escape(diagnostic.ToString(), keepLayout: true)).Append('\n');
        if (diagnostic.Location is { } location)
            AppendSnippet(builder, location);
        if (diagnostic.Help is { } help)
            builder.Append("  = help: ").Append(VisibleText.Escape(help, keepLayout: true)).Append('\n');
        foreach (var note in diagnostic.Notes)
        {
            builder.Append(note.Location.ToString()).Append(": note: ").Append(VisibleText.Escape(note.Message, keepLayout: true)).Append('\n');
            AppendSnippet(builder, note.Location);
        }
    }

    /// <summary>Lines longer than this are cut to the part around the span.</summary>
    private const int LongLine = 200;

    /// <summary>Characters kept on each side of the span of a cut line.</summary>
    private const int Context = 60;

    private static void AppendSnippet(StringBuilder builder, SourceLocation location)
    {
        var source = location.Source;
        if (source.Text.Length == 0)
            return;
        var start = Math.Min(location.Span.Start, source.Text.Length);
        var lineIndex = source.GetLineIndex(start);
        var lineText = ExpandTabs(source.GetLineText(lineIndex));
        var column = Math.Min(start - source.GetLineStart(lineIndex), lineText.Length);
        // A span that runs past its first line is underlined to the end of that line only.
        var width = Math.Clamp(location.Span.Length, 1, Math.Max(1, lineText.Length - column));
        // A minified or binary file can hold megabytes on one line: show only the part around the span.
        var cut = lineText.Length > LongLine;
        var from = cut ? Math.Max(0, column - Context) : 0;
        var to = cut ? Math.Min(lineText.Length, column + Math.Min(width, Context) + Context) : lineText.Length;
        var head = from > 0 ? "..." : "";
        var tail = to < lineText.Length ? "..." : "";
        // Hidden characters are shown as <U+XXXX>, so the caret is placed by the escaped widths.
        var caretColumn = head.Length + VisibleText.Width(lineText[from..column]);
        var caretWidth = Math.Max(1, VisibleText.Width(lineText.Substring(column, Math.Min(width, to - column))));
        var gutter = (lineIndex + 1).ToString();
        var pad = new string(' ', gutter.Length);
        builder.Append(' ').Append(gutter).Append(" | ").Append(head).Append(VisibleText.Escape(lineText[from..to])).Append(tail).Append('\n');
        builder.Append(' ').Append(pad).Append(" | ")
            .Append(' ', caretColumn).Append('^').Append('~', caretWidth - 1).Append('\n');
    }

    private static string ExpandTabs(string line) => line.Replace('\t', ' ');
}
