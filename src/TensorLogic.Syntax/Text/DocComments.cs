namespace TensorLogic.Syntax.Text;

/// <summary>
/// Documentation comments: lines that start with <c>///</c>. The lexer skips them like any comment, so they
/// are read from the text here. A block of them directly above a statement documents what that statement
/// defines; the first block of a file, when no statement follows it directly, documents the file itself:
/// <code>
/// /// Rules over a graph.            &lt;- the module's documentation
///
/// /// Every node reachable from x.   &lt;- Reach's documentation
/// Reach(x, y) &lt;- Edge(x, y)
/// </code>
/// </summary>
public static class DocComments
{
    private const string Marker = "///";

    /// <summary>The text of the <c>///</c> lines right above the line holding <paramref name="position"/>, or null.</summary>
    public static string? Above(SourceText source, int position)
    {
        var line = source.GetLineIndex(position);
        var first = line;
        while (first > 0 && IsDocLine(source.GetLineText(first - 1)))
            first--;
        return first == line ? null : Join(source, first, line);
    }

    /// <summary>
    /// The file's first block of <c>///</c> lines, if it comes before <paramref name="firstStatement"/> (the
    /// offset of the first statement, or the end of the text) without documenting that statement.
    /// </summary>
    public static string? Leading(SourceText source, int firstStatement)
    {
        var statementLine = firstStatement >= source.Text.Length ? source.LineCount + 1 : source.GetLineIndex(firstStatement);
        var start = 0;
        while (start < Math.Min(statementLine, source.LineCount) && !IsDocLine(source.GetLineText(start)))
            start++;
        var end = start;
        while (end < Math.Min(statementLine, source.LineCount) && IsDocLine(source.GetLineText(end)))
            end++;
        return start == end || end == statementLine ? null : Join(source, start, end);
    }

    private static bool IsDocLine(string line) => line.TrimStart().StartsWith(Marker, StringComparison.Ordinal);

    // One leading space after the marker is the usual spacing, not part of the text.
    private static string Join(SourceText source, int start, int end) =>
        string.Join("\n", Enumerable.Range(start, end - start).Select(k =>
        {
            var text = source.GetLineText(k).TrimStart()[Marker.Length..];
            return (text.StartsWith(' ') ? text[1..] : text).TrimEnd();
        }));
}
