namespace TensorLogic.Tlc.Repl;

/// <summary>
/// Ctrl-R: the newest earlier line that contains what was typed. Pressed again while its answer is shown, it
/// goes further back with the same text, as a shell's reverse search does.
/// </summary>
internal sealed class HistorySearch(IReadOnlyList<string> lines)
{
    private string? _query;
    private string? _shown;
    private int _at;

    /// <summary>The line to show instead of <paramref name="current"/>, or null when nothing older matches.</summary>
    public string? Next(string current)
    {
        if (_shown != current)
        {
            _query = current;
            _at = lines.Count;
        }
        for (var index = _at - 1; index >= 0; index--)
        {
            if (lines[index] == current || !lines[index].Contains(_query!, StringComparison.Ordinal))
                continue;
            _at = index;
            _shown = lines[index];
            return _shown;
        }
        return null;
    }
}
