using System.Collections;
using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Runtime.Values.Storage;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A Boolean tensor stored as the set of its true tuples (the "database engine" half of tensor logic).
/// <list type="bullet">
/// <item>Tuples are stored flat in insertion order (<see cref="TupleRows"/>): 4 bytes a position.</item>
/// <item>Membership is decided by the tuple's row-major cell number when the shape's cells fit in 62 bits
/// (almost always): in a set of numbers while the relation is sparse, in one bit per cell once the bits take
/// less memory than the set would (a transitive closure). Larger shapes hash copied tuples.</item>
/// <item>Indexes on bound positions are built on demand, and kept up to date as tuples are added, so joins
/// look up the matching rows instead of scanning.</item>
/// </list>
/// </summary>
public sealed class Relation : TensorValue
{
    // A relation over at most this many cells starts with bits: they cost no more than a small set.
    private const long SmallCells = 1 << 15;

    // Bits are never chosen above this many cells (8 GiB of bits).
    private const long MaxBitCells = 1L << 36;

    // What a set of numbers costs per member, on average over its growth (8-byte slots, 3/8 to 3/4 full).
    private const long SetBytesPerTuple = 16;

    private readonly TupleRows _rows;

    // Row-major strides of the shape and its number of cells, or null when that does not fit in 62 bits.
    private readonly long[]? _strides;
    private readonly long _cells;
    private CellBits? _bits;
    private CodeSet? _codes;
    private readonly HashSet<TupleKey>? _keys;
    private Dictionary<int, RowIndex<long>>? _codeIndexes;
    private Dictionary<int, RowIndex<TupleKey>>? _keyIndexes;

    public Relation(ImmutableArray<int> shape)
        : base(shape)
    {
        _rows = new TupleRows(shape.Length);
        var strides = new long[shape.Length];
        long cells = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            strides[p] = cells;
            if (shape[p] > 0 && cells > (1L << 62) / shape[p])
            {
                _keys = [];
                return;
            }
            cells *= Math.Max(1, shape[p]);
        }
        _strides = strides;
        _cells = cells;
        if (cells <= SmallCells)
            _bits = new CellBits(cells);
        else
            _codes = new CodeSet();
    }

    private Relation(Relation source)
        : base(source.Shape)
    {
        _rows = source._rows.Clone();
        _strides = source._strides;
        _cells = source._cells;
        _bits = source._bits?.Clone();
        _codes = source._codes?.Clone();
        _keys = source._keys is null ? null : new HashSet<TupleKey>(source._keys);
    }

    public int Count => _rows.Count;

    /// <summary>The tuple stored at <paramref name="row"/> (0 ≤ row &lt; <see cref="Count"/>), in insertion order.</summary>
    public ReadOnlySpan<int> Row(int row) => _rows[row];

    /// <summary>The tuples as arrays, copied on each access: for callers off the hot paths (use <see cref="Row"/> there).</summary>
    public IReadOnlyList<int[]> Tuples => new TupleList(this);

    /// <summary>Bytes held by the tuples and the membership structure (not the indexes): what a benchmark reports per tuple.</summary>
    public long StorageBytes => _rows.Bytes + (_bits?.Bytes ?? 0) + (_codes?.Bytes ?? 0);

    public bool Contains(ReadOnlySpan<int> tuple)
    {
        if (!InShape(tuple))
            return false;
        if (_keys is not null)
            return _keys.Contains(new TupleKey(tuple));
        var code = Code(tuple, -1);
        return _bits?.Contains(code) ?? _codes!.Contains(code);
    }

    /// <summary>Adds a tuple; false if it was already there. Tuples outside the shape are ignored.</summary>
    public bool Add(ReadOnlySpan<int> tuple)
    {
        if (!InShape(tuple) || !AddMember(tuple))
            return false;
        var row = _rows.Add(tuple);
        if (_codeIndexes is not null)
        {
            foreach (var (mask, index) in _codeIndexes)
                index.Add(Code(tuple, mask), row);
        }
        if (_keyIndexes is not null)
        {
            foreach (var (mask, index) in _keyIndexes)
                index.Add(Project(tuple, mask), row);
        }
        return true;
    }

    private bool AddMember(ReadOnlySpan<int> tuple)
    {
        if (_keys is not null)
            return _keys.Add(new TupleKey(tuple));
        var code = Code(tuple, -1);
        if (_bits is not null)
            return _bits.Add(code);
        if (!_codes!.Add(code))
            return false;
        // Checked as the set doubles: bits win once a member's share of them is below what the set costs.
        var count = _codes.Count;
        if ((count & (count - 1)) == 0 && _cells <= MaxBitCells && _cells / 8 <= count * SetBytesPerTuple)
        {
            _bits = new CellBits(_cells);
            foreach (var member in _codes.Codes())
                _bits.Add(member);
            _codes = null;
        }
        return true;
    }

    /// <summary>
    /// The rows of the tuples that agree with <paramref name="pattern"/> on every position whose value is ≥ 0
    /// (negative entries are free), through an index on the bound positions.
    /// </summary>
    public RowMatches MatchRows(ReadOnlySpan<int> pattern)
    {
        var mask = 0;
        for (var p = 0; p < pattern.Length; p++)
        {
            if (pattern[p] >= 0)
            {
                if (pattern[p] >= Shape[p])
                    return RowMatches.None;
                mask |= 1 << p;
            }
        }
        if (mask == 0)
            return RowMatches.Range(Count);
        return _keys is not null
            ? Index(ref _keyIndexes, mask, Project).Find(Project(pattern, mask))
            : Index(ref _codeIndexes, mask, Code).Find(Code(pattern, mask));
    }

    /// <summary>The matching tuples as arrays: <see cref="MatchRows"/> for callers off the hot paths.</summary>
    public IReadOnlyList<int[]> Match(ReadOnlySpan<int> pattern)
    {
        var full = pattern.Length > 0;
        foreach (var value in pattern)
            full &= value >= 0;
        if (full)
            return Contains(pattern) ? [pattern.ToArray()] : [];
        var matches = new List<int[]>();
        foreach (var row in MatchRows(pattern))
            matches.Add(_rows[row].ToArray());
        return matches;
    }

    private delegate TKey KeyOf<TKey>(ReadOnlySpan<int> tuple, int mask);

    private RowIndex<TKey> Index<TKey>(ref Dictionary<int, RowIndex<TKey>>? indexes, int mask, KeyOf<TKey> keyOf)
        where TKey : notnull
    {
        indexes ??= [];
        if (!indexes.TryGetValue(mask, out var index))
        {
            index = new RowIndex<TKey>();
            for (var row = 0; row < Count; row++)
                index.Add(keyOf(_rows[row], mask), row);
            indexes.Add(mask, index);
        }
        return index;
    }

    /// <summary>The row-major number of the positions in <paramref name="mask"/> (all of them for -1), the others taken as 0.</summary>
    private long Code(ReadOnlySpan<int> tuple, int mask)
    {
        long code = 0;
        for (var p = 0; p < tuple.Length; p++)
        {
            if ((mask & (1 << p)) != 0)
                code += tuple[p] * _strides![p];
        }
        return code;
    }

    private static TupleKey Project(ReadOnlySpan<int> tuple, int mask)
    {
        Span<int> bound = stackalloc int[tuple.Length];
        var count = 0;
        for (var p = 0; p < tuple.Length; p++)
        {
            if ((mask & (1 << p)) != 0)
                bound[count++] = tuple[p];
        }
        return new TupleKey(bound[..count]);
    }

    public override double Get(ReadOnlySpan<int> cell) => Contains(cell) ? 1 : 0;

    public override IEnumerable<(int[] Cell, double Value)> NonZeros()
    {
        // Bits hold the cells in row-major order already; otherwise the rows are sorted.
        if (_bits is not null)
            return _bits.Cells().Select(code => (CellOf(code), 1.0));
        return Tuples.Order(TupleComparer.Instance).Select(t => (t, 1.0));
    }

    private int[] CellOf(long code)
    {
        var cell = new int[Rank];
        for (var p = 0; p < cell.Length; p++)
            cell[p] = (int)(code / _strides![p] % Shape[p]);
        return cell;
    }

    public override void CopyTo<TTarget>(DenseTensor<TTarget> target)
    {
        var data = target.Data;
        for (var row = 0; row < Count; row++)
            data[target.Offset(_rows[row])] = TTarget.One;
        target.MarkChanged();
    }

    public override TensorValue Clone() => new Relation(this);

    /// <summary>The stored tuples as a list of copies.</summary>
    private sealed class TupleList(Relation relation) : IReadOnlyList<int[]>
    {
        public int Count => relation.Count;

        public int[] this[int index] => relation._rows[index].ToArray();

        public IEnumerator<int[]> GetEnumerator()
        {
            for (var row = 0; row < Count; row++)
                yield return this[row];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>A tuple as a hashable value.</summary>
internal readonly struct TupleKey : IEquatable<TupleKey>
{
    private readonly int[] _values;
    private readonly int _hash;

    public TupleKey(ReadOnlySpan<int> values)
    {
        _values = values.ToArray();
        var hash = new HashCode();
        foreach (var value in values)
            hash.Add(value);
        _hash = hash.ToHashCode();
    }

    public bool Equals(TupleKey other) => _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => obj is TupleKey other && Equals(other);

    public override int GetHashCode() => _hash;
}

/// <summary>Lexicographic order of tuples, for deterministic output.</summary>
public sealed class TupleComparer : IComparer<int[]>
{
    public static readonly TupleComparer Instance = new();

    public int Compare(int[]? x, int[]? y)
    {
        for (var p = 0; p < Math.Min(x!.Length, y!.Length); p++)
        {
            var c = x[p].CompareTo(y[p]);
            if (c != 0)
                return c;
        }
        return x.Length.CompareTo(y.Length);
    }
}
