namespace TensorLogic.Runtime.Values.Storage;

/// <summary>
/// A <see cref="RowIndex{TKey}"/> on the first positions of a relation, with the chains' ends in arrays
/// indexed by those positions' row-major number instead of in a dictionary: a lookup reads one array entry,
/// where a dictionary hashes and probes a table several times larger (a relation of 50,000 parents indexed
/// by parent: 400 KB of arrays, read once per lookup of a join, twice per tuple of a same-generation round).
/// </summary>
internal sealed class PrefixRowIndex : IRowIndex<long>
{
    // A key is the cell number of the tuple with only the prefix kept; divided by the stride of the last
    // prefix position it is the prefix's own row-major number.
    private readonly long _divisor;
    private readonly int[] _first;
    private readonly int[] _last;
    private int[] _next = new int[16];

    public PrefixRowIndex(int prefixes, long divisor)
    {
        _divisor = divisor;
        _first = new int[prefixes];
        Array.Fill(_first, -1);
        _last = new int[prefixes];
    }

    public void Add(long key, int row)
    {
        if (row >= _next.Length)
            Array.Resize(ref _next, Math.Max(_next.Length * 2, row + 1));
        _next[row] = -1;
        var prefix = (int)(key / _divisor);
        if (_first[prefix] < 0)
            _first[prefix] = row;
        else
            _next[_last[prefix]] = row;
        _last[prefix] = row;
    }

    public int[] Next => _next;

    public int First(long key) => _first[key / _divisor];
}
