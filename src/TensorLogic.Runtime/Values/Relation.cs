using System.Collections.Immutable;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A Boolean tensor stored as the set of its true tuples. Tuples are kept in insertion order, and
/// indexes on bound positions are built on demand so that joins look up matching tuples instead of
/// scanning (the "database engine" half of tensor logic). When the shape's cells can be numbered in 62 bits
/// (almost always), a tuple and each projection of it are keyed by that number, so membership tests and
/// index lookups allocate nothing; otherwise by a copied <see cref="TupleKey"/>.
/// </summary>
public sealed class Relation : TensorValue
{
    private readonly List<int[]> _tuples = [];

    // Row-major strides of the shape, or null when the number of cells does not fit in 62 bits.
    private readonly long[]? _strides;
    private readonly HashSet<long> _codes = [];
    private readonly HashSet<TupleKey> _keys = [];
    private readonly Dictionary<int, Dictionary<long, List<int[]>>> _codeIndexes = [];
    private readonly Dictionary<int, Dictionary<TupleKey, List<int[]>>> _keyIndexes = [];

    public Relation(ImmutableArray<int> shape)
        : base(shape)
    {
        var strides = new long[shape.Length];
        long cells = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            strides[p] = cells;
            if (shape[p] > 0 && cells > (1L << 62) / shape[p])
                return;
            cells *= Math.Max(1, shape[p]);
        }
        _strides = strides;
    }

    public int Count => _tuples.Count;

    public IReadOnlyList<int[]> Tuples => _tuples;

    public bool Contains(ReadOnlySpan<int> tuple) =>
        InShape(tuple) && (_strides is null ? _keys.Contains(new TupleKey(tuple)) : _codes.Contains(Code(tuple, -1)));

    /// <summary>Adds a tuple; false if it was already there. Tuples outside the shape are ignored.</summary>
    public bool Add(ReadOnlySpan<int> tuple)
    {
        if (!InShape(tuple))
            return false;
        if (_strides is null ? !_keys.Add(new TupleKey(tuple)) : !_codes.Add(Code(tuple, -1)))
            return false;
        var copy = tuple.ToArray();
        _tuples.Add(copy);
        foreach (var (mask, index) in _codeIndexes)
            AddToIndex(index, Code(copy, mask), copy);
        foreach (var (mask, index) in _keyIndexes)
            AddToIndex(index, Project(copy, mask), copy);
        return true;
    }

    /// <summary>
    /// The tuples that agree with <paramref name="pattern"/> on every position whose value is ≥ 0
    /// (negative entries are free).
    /// </summary>
    public IReadOnlyList<int[]> Match(ReadOnlySpan<int> pattern)
    {
        var mask = 0;
        for (var p = 0; p < pattern.Length; p++)
        {
            if (pattern[p] >= 0)
                mask |= 1 << p;
        }
        if (mask == 0)
            return _tuples;
        if (mask == (1 << Rank) - 1)
            return Contains(pattern) ? [pattern.ToArray()] : [];
        for (var p = 0; p < pattern.Length; p++)
        {
            if (pattern[p] >= Shape[p])
                return [];
        }
        return _strides is null ? Lookup(_keyIndexes, mask, Project(pattern, mask), Project) : Lookup(_codeIndexes, mask, Code(pattern, mask), Code);
    }

    private List<int[]> Lookup<TKey>(Dictionary<int, Dictionary<TKey, List<int[]>>> indexes, int mask, TKey key, Func<int[], int, TKey> keyOf)
        where TKey : notnull
    {
        if (!indexes.TryGetValue(mask, out var index))
        {
            index = [];
            foreach (var tuple in _tuples)
                AddToIndex(index, keyOf(tuple, mask), tuple);
            indexes.Add(mask, index);
        }
        return index.TryGetValue(key, out var matches) ? matches : [];
    }

    private static void AddToIndex<TKey>(Dictionary<TKey, List<int[]>> index, TKey key, int[] tuple)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index.Add(key, list);
        }
        list.Add(tuple);
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

    private long Code(int[] tuple, int mask) => Code(tuple.AsSpan(), mask);

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

    private static TupleKey Project(int[] tuple, int mask) => Project(tuple.AsSpan(), mask);

    public override double Get(ReadOnlySpan<int> cell) => Contains(cell) ? 1 : 0;

    public override IEnumerable<(int[] Cell, double Value)> NonZeros() =>
        _tuples.Order(TupleComparer.Instance).Select(t => (t, 1.0));

    public override TensorValue Clone()
    {
        var copy = new Relation(Shape);
        foreach (var tuple in _tuples)
            copy.Add(tuple);
        return copy;
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
