namespace TensorLogic.Runtime.Values;

/// <summary>
/// The row numbers of a relation's tuples that match a pattern, enumerated without allocating: either a
/// range of rows (every tuple) or a chain of an index. Read each tuple with <see cref="Relation.Row"/>.
/// Rows added while enumerating a chain may or may not be seen; a range stops at the count it started with.
/// </summary>
public struct RowMatches
{
    private readonly int[]? _next;
    private readonly int _end;
    private int _row;

    private RowMatches(int[]? next, int first, int end)
    {
        _next = next;
        _row = first;
        _end = end;
        Current = -1;
    }

    public static RowMatches None => new(null, 0, 0);

    internal static RowMatches Range(int count) => new(null, 0, count);

    internal static RowMatches Chain(int[] next, int first) => new(next, first, -1);

    public int Current { get; private set; }

    public readonly RowMatches GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_next is null)
        {
            if (_row >= _end)
                return false;
            Current = _row++;
            return true;
        }
        if (_row < 0)
            return false;
        Current = _row;
        _row = _next[_row];
        return true;
    }
}
