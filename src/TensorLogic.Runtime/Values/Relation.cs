using System.Collections.Immutable;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A Boolean tensor stored as the set of its true tuples. Tuples are kept in insertion order, and
/// indexes on bound positions are built on demand so that joins look up matching tuples instead of
/// scanning (the "database engine" half of tensor logic).
/// </summary>
public sealed class Relation : TensorValue
{
    private readonly List<int[]> _tuples = [];
    private readonly HashSet<TupleKey> _set = [];
    private readonly Dictionary<int, Dictionary<TupleKey, List<int[]>>> _indexes = [];

    public Relation(ImmutableArray<int> shape)
        : base(shape)
    {
    }

    public int Count => _tuples.Count;

    public IReadOnlyList<int[]> Tuples => _tuples;

    public bool Contains(ReadOnlySpan<int> tuple) => _set.Contains(new TupleKey(tuple));

    /// <summary>Adds a tuple; false if it was already there. Tuples outside the shape are ignored.</summary>
    public bool Add(ReadOnlySpan<int> tuple)
    {
        if (!InShape(tuple))
            return false;
        var key = new TupleKey(tuple);
        if (!_set.Add(key))
            return false;
        var copy = tuple.ToArray();
        _tuples.Add(copy);
        foreach (var (mask, index) in _indexes)
            AddToIndex(index, mask, copy);
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
        if (!_indexes.TryGetValue(mask, out var index))
        {
            index = [];
            foreach (var tuple in _tuples)
                AddToIndex(index, mask, tuple);
            _indexes.Add(mask, index);
        }
        return index.TryGetValue(Project(pattern, mask), out var matches) ? matches : [];
    }

    private static void AddToIndex(Dictionary<TupleKey, List<int[]>> index, int mask, int[] tuple)
    {
        var key = Project(tuple, mask);
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index.Add(key, list);
        }
        list.Add(tuple);
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
