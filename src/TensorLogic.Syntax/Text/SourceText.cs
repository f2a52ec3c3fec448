namespace TensorLogic.Syntax.Text;

/// <summary>
/// The text of one source file (or REPL submission) with its name, and the line table needed to turn
/// offsets into 1-based line:column positions for diagnostics.
/// </summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text, string path)
    {
        Text = text;
        Path = path;
        _lineStarts = ComputeLineStarts(text);
    }

    public string Text { get; }

    /// <summary>The path as the user gave it (used verbatim in diagnostics), or a pseudo-name like "&lt;repl&gt;".</summary>
    public string Path { get; }

    public int LineCount => _lineStarts.Length;

    public static SourceText FromFile(string path) => new(File.ReadAllText(path), path);

    public string this[TextSpan span] => Text.Substring(span.Start, Math.Min(span.Length, Text.Length - span.Start));

    /// <summary>The 0-based index of the line holding <paramref name="position"/>.</summary>
    public int GetLineIndex(int position)
    {
        var index = Array.BinarySearch(_lineStarts, position);
        return index >= 0 ? index : ~index - 1;
    }

    public LinePosition GetLinePosition(int position)
    {
        position = Math.Clamp(position, 0, Text.Length);
        var line = GetLineIndex(position);
        return new LinePosition(line + 1, position - _lineStarts[line] + 1);
    }

    /// <summary>The text of a 0-based line, without its line break.</summary>
    public string GetLineText(int lineIndex)
    {
        var start = _lineStarts[lineIndex];
        var end = lineIndex + 1 < _lineStarts.Length ? _lineStarts[lineIndex + 1] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
            end--;
        return Text[start..end];
    }

    public int GetLineStart(int lineIndex) => _lineStarts[lineIndex];

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                i++;
            if (text[i] == '\n' || text[i] == '\r')
                starts.Add(i + 1);
        }
        return starts.ToArray();
    }
}

/// <summary>A 1-based line and column, as printed in diagnostics.</summary>
public readonly record struct LinePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
