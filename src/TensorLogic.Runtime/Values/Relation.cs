using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Runtime.Resources;
using TensorLogic.Runtime.Values.Storage;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A Boolean tensor stored as the set of its true tuples (the "database engine" half of tensor logic), in
/// one of two forms chosen by density as it grows:
/// <list type="bullet">
/// <item><b>Sparse</b>: tuples stored flat in insertion order (<see cref="TupleRows"/>, 4 bytes a position),
/// membership by the tuple's row-major cell number in a <see cref="CodeSet"/> (or, for shapes whose cells do
/// not fit in 62 bits, by copied tuples), and indexes on bound positions as chains through the rows.</item>
/// <item><b>Dense</b>: one bit per cell of the shape and nothing else, once the bits cost less than the sparse
/// form would (a transitive closure, a complete graph). Tuples come out in row-major order; a lookup by a
/// prefix of the positions is a run of bits, and a lookup by other positions goes through the same bits with
/// those positions placed first (for a binary relation, the transposed matrix), built on demand.</item>
/// </list>
/// </summary>
public sealed class Relation : TensorValue
{
    // A relation over at most this many cells starts dense: its bits cost no more than a small set.
    private const long SmallCells = 1 << 15;

    // Bits are never chosen above this many cells (8 GiB of bits).
    private const long MaxBitCells = 1L << 36;

    // What a set of numbers costs per member, on average over its growth (8-byte slots, 3/8 to 3/4 full).
    private const long SetBytesPerTuple = 16;

    // Row-major strides of the shape and its number of cells, or null when that does not fit in 62 bits.
    private readonly long[]? _strides;
    private readonly long _cells;
    private int _count;

    // The sparse form.
    private TupleRows? _rows;
    private CodeSet? _codes;

    // How many of the last rows the set of codes lacks (stored by AddDistinct): it takes them when
    // membership is first asked, so a relation mostly enumerated, as a round's delta is, never builds it.
    private int _uncoded;
    private readonly HashSet<TupleKey>? _keys;
    private Dictionary<int, IRowIndex<long>>? _codeIndexes;
    private Dictionary<int, IRowIndex<TupleKey>>? _keyIndexes;

    // The dense form: the bits in row-major order, and other orders by the mask of the positions placed first.
    private BitOrder? _bits;
    private Dictionary<int, BitOrder>? _bitIndexes;

    public Relation(ImmutableArray<int> shape)
        : base(shape)
    {
        var strides = new long[shape.Length];
        long cells = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            strides[p] = cells;
            if (shape[p] > 0 && cells > (1L << 62) / shape[p])
            {
                _keys = [];
                _rows = new TupleRows(shape.Length);
                return;
            }
            cells *= Math.Max(1, shape[p]);
        }
        _strides = strides;
        _cells = cells;
        if (cells <= SmallCells)
        {
            _bits = new BitOrder([.. Enumerable.Range(0, shape.Length)], shape, cells);
            return;
        }
        _rows = new TupleRows(shape.Length);
        _codes = new CodeSet();
    }

    private Relation(Relation source)
        : base(source.Shape)
    {
        source.CompleteCodes();
        (_strides, _cells, _count) = (source._strides, source._cells, source._count);
        _rows = source._rows?.Clone();
        _codes = source._codes?.Clone();
        _keys = source._keys is null ? null : new HashSet<TupleKey>(source._keys);
        _bits = source._bits?.Clone();
    }

    public int Count => _count;

    /// <summary>True when the relation is held as one bit per cell.</summary>
    public bool IsDense => _bits is not null;

    /// <summary>The tuples as arrays (a copy made on each access): for callers off the hot paths, which enumerate the relation instead.</summary>
    public IReadOnlyList<int[]> Tuples
    {
        get
        {
            var list = new List<int[]>(_count);
            foreach (var tuple in this)
                list.Add(tuple.ToArray());
            return list;
        }
    }

    /// <summary>Bytes held by the tuples and the membership structure (not the indexes): what a benchmark reports per tuple.</summary>
    public long StorageBytes => (_rows?.Bytes ?? 0) + (_codes?.Bytes ?? 0) + (_bits?.Bits.Bytes ?? 0);

    /// <summary>Every tuple: in row-major order when dense, in insertion order when sparse.</summary>
    public TupleCursor GetEnumerator() => _bits is not null
        ? new TupleCursor(_bits, 0, _cells, 0, new int[Rank])
        : new TupleCursor(_rows!, null, 0, _count);

    public bool Contains(ReadOnlySpan<int> tuple)
    {
        if (!InShape(tuple))
            return false;
        if (_keys is not null)
            return _keys.Contains(new TupleKey(tuple));
        var code = Code(tuple, -1);
        if (_bits is not null)
            return _bits.Bits.Contains(code);
        CompleteCodes();
        return _codes!.Contains(code);
    }

    /// <summary>Puts the rows stored by <see cref="AddDistinct"/> into the set of codes.</summary>
    private void CompleteCodes()
    {
        if (_uncoded == 0)
            return;
        for (var row = _count - _uncoded; row < _count; row++)
            _codes!.Add(Code(_rows![row], -1));
        _uncoded = 0;
    }

    /// <summary>Adds a tuple; false if it was already there. Tuples outside the shape are ignored.</summary>
    public bool Add(ReadOnlySpan<int> tuple)
    {
        if (!InShape(tuple))
            return false;
        if (_bits is not null)
        {
            if (!_bits.Bits.Add(Code(tuple, -1)))
                return false;
            Counted();
            if (_bitIndexes is not null)
            {
                foreach (var order in _bitIndexes.Values)
                    order.Bits.Add(order.Code(tuple));
            }
            return true;
        }
        CompleteCodes();
        if (_keys is not null ? !_keys.Add(new TupleKey(tuple)) : !_codes!.Add(Code(tuple, -1)))
            return false;
        Store(tuple);
        return true;
    }

    /// <summary>
    /// Adds a tuple that the caller knows this relation lacks, without testing it: in the sparse form it is
    /// only stored, and the set of cell numbers takes it when membership is first asked.
    /// </summary>
    internal void AddDistinct(ReadOnlySpan<int> tuple)
    {
        if (_codes is null || !InShape(tuple))
        {
            Add(tuple);
            return;
        }
        _uncoded++;
        Store(tuple);
    }

    /// <summary>Stores a new tuple of the sparse form: its row, the count, the indexes, and the switch to bits when they cost less.</summary>
    private void Store(ReadOnlySpan<int> tuple)
    {
        var row = _rows!.Add(tuple);
        Counted();
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
        // Checked as the count doubles: bits win once a tuple's share of them is below what its row and set entry cost.
        if (_codes is not null && (_count & (_count - 1)) == 0 && _cells <= MaxBitCells && _cells / 8 <= _count * (4L * Rank + SetBytesPerTuple))
            BecomeDense();
    }

    /// <summary>Adds every tuple of <paramref name="other"/> (of the same shape); word by word when both are dense.</summary>
    public void UnionWith(Relation other)
    {
        if (_bits is not null && other._bits is not null && _bitIndexes is null)
        {
            var added = _bits.Bits.UnionWith(other._bits.Bits);
            if (_count + added > MaxTuples)
                throw TooManyTuples(_count + added);
            _count += (int)added;
            ResourceGuard.Grown(_count);
            return;
        }
        AddAll(other, null);
    }

    // How many tuples are prefetched before the first of them is added: enough cache misses in flight to
    // overlap most of their latency, few enough that the batch's slots are still cached when it is added.
    private const int PrefetchBatch = 16;

    /// <summary>
    /// Starts loading the part of the sparse form's set that a test or an addition of the tuple will read,
    /// without waiting for it; nothing for the dense form, whose bits are probed cheaply in any order.
    /// </summary>
    public void Prefetch(ReadOnlySpan<int> tuple)
    {
        if (_codes is not null && InShape(tuple))
            _codes.Prefetch(Code(tuple, -1));
    }

    /// <summary>The batch of tuples from <paramref name="start"/> on (at most <see cref="PrefetchBatch"/>), its probes prefetched.</summary>
    private ReadOnlySpan<int> PrefetchedBatch(ReadOnlySpan<int> tuples, int start)
    {
        var rank = Rank;
        var batch = tuples[start..Math.Min(tuples.Length, start + PrefetchBatch * rank)];
        for (var at = 0; at < batch.Length; at += rank)
            Prefetch(batch.Slice(at, rank));
        return batch;
    }

    /// <summary>
    /// Adds the tuples of <paramref name="tuples"/> (one after another, <see cref="TensorValue.Rank"/> values
    /// each); each one this relation lacked also goes to <paramref name="added"/>. The test and the insertion
    /// are one probe, and a batch's probes are prefetched before any is made.
    /// </summary>
    /// <param name="added">Holds only tuples this relation holds (a round's new tuples, each added here
    /// first), so what it receives is new to it and is stored without a test.</param>
    public void AddAll(ReadOnlySpan<int> tuples, Relation? added)
    {
        var rank = Rank;
        for (var start = 0; start < tuples.Length; start += PrefetchBatch * rank)
        {
            var batch = PrefetchedBatch(tuples, start);
            for (var at = 0; at < batch.Length; at += rank)
            {
                var tuple = batch.Slice(at, rank);
                if (Add(tuple))
                    added?.AddDistinct(tuple);
            }
        }
    }

    /// <summary>
    /// <see cref="AddAll(ReadOnlySpan{int}, Relation?)"/> with the tuples of <paramref name="source"/>, in its
    /// order; word by word when all three relations are bits (a large round's tuples in a closure).
    /// </summary>
    public void AddAll(Relation source, Relation? added)
    {
        if (added is { _bits: not null, _bitIndexes: null } && !ReferenceEquals(added, this) && _bits is not null && source._bits is not null && _bitIndexes is null)
        {
            var count = _bits.Bits.UnionWith(source._bits.Bits, added._bits.Bits);
            if (_count + count > MaxTuples)
                throw TooManyTuples(_count + count);
            _count += (int)count;
            added._count += (int)count;
            ResourceGuard.Grown(_count);
            return;
        }
        var rank = Rank;
        Span<int> batch = stackalloc int[PrefetchBatch * rank];
        var filled = 0;
        foreach (var tuple in source)
        {
            tuple.CopyTo(batch[filled..]);
            filled += rank;
            if (filled == batch.Length)
            {
                AddAll(batch, added);
                filled = 0;
            }
        }
        AddAll(batch[..filled], added);
    }

    /// <summary>
    /// Adds to <paramref name="output"/> each tuple of <paramref name="tuples"/> (laid out as for
    /// <see cref="AddAll(ReadOnlySpan{int}, Relation?)"/>) that this relation lacks, a batch's probes prefetched first.
    /// </summary>
    public void AddMissingTo(ReadOnlySpan<int> tuples, Relation output)
    {
        var rank = Rank;
        for (var start = 0; start < tuples.Length; start += PrefetchBatch * rank)
        {
            var batch = PrefetchedBatch(tuples, start);
            for (var at = 0; at < batch.Length; at += rank)
            {
                var tuple = batch.Slice(at, rank);
                if (!Contains(tuple))
                    output.Add(tuple);
            }
        }
    }

    /// <summary>
    /// Counts an added tuple. Every 256 tuples the session's limits are checked (tuples, time; memory is
    /// checked as the storage grows), so that a runaway derivation stops inside the kernel that runs it.
    /// </summary>
    private void Counted()
    {
        if (++_count % 256 != 0)
            return;
        if (_count > MaxTuples - 256)
            throw TooManyTuples(_count);
        ResourceGuard.Grown(_count);
    }

    // The count is an int; a relation stops well before it would wrap around.
    private const long MaxTuples = int.MaxValue - 1024;

    private static ResourceLimitException TooManyTuples(long count) =>
        new(Syntax.Diagnostics.Catalog.TupleLimitReached,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a relation grew to {count:N0} tuples, more than one relation can hold ({MaxTuples:N0})"),
            "make the relation smaller: narrow the domains, or bind more of its positions");

    private void BecomeDense()
    {
        var bits = new BitOrder([.. Enumerable.Range(0, Rank)], Shape, _cells);
        foreach (var tuple in this)
            bits.Bits.Add(Code(tuple, -1));
        (_bits, _rows, _codes, _codeIndexes, _uncoded) = (bits, null, null, null, 0);
    }

    /// <summary>
    /// The tuples that agree with <paramref name="pattern"/> on every position whose value is ≥ 0 (negative
    /// entries are free). A dense relation decodes them into <paramref name="buffer"/> (of the relation's rank).
    /// </summary>
    public TupleCursor Matches(ReadOnlySpan<int> pattern, Span<int> buffer)
    {
        if (!BoundPositions(pattern, out var mask, out var bound))
            return TupleCursor.Empty;
        if (_bits is not null)
        {
            var (order, from, length) = DenseRun(pattern, mask, bound);
            pattern.CopyTo(buffer);
            return new TupleCursor(order, from, length, bound, buffer);
        }
        if (mask == 0)
            return new TupleCursor(_rows!, null, 0, _count);
        // A fully bound pattern is a membership test, not a lookup through an index of every tuple.
        if (bound == Rank)
        {
            if (!Contains(pattern))
                return TupleCursor.Empty;
            pattern.CopyTo(buffer);
            return new TupleCursor(buffer);
        }
        if (_keys is not null)
        {
            var byKey = KeyIndex(mask);
            return new TupleCursor(_rows!, byKey.Next, byKey.First(Project(pattern, mask)), -1);
        }
        var byCode = CodeIndex(mask);
        return new TupleCursor(_rows!, byCode.Next, byCode.First(Code(pattern, mask)), -1);
    }

    /// <summary>
    /// For a relation held as bits and a pattern that leaves exactly one position free (negative): the values
    /// that position takes among the matching tuples, as one run of bits; false when the relation is sparse
    /// or the pattern leaves another number of positions free. A lookup by positions other than the leading
    /// ones builds the same index <see cref="Matches"/> would.
    /// </summary>
    public bool TryFreeRun(ReadOnlySpan<int> pattern, out BitRun run)
    {
        run = default;
        if (_bits is null)
            return false;
        var inShape = BoundPositions(pattern, out var mask, out var bound);
        if (bound != Rank - 1)
            return false;
        // No tuple has a value outside the shape: the empty run.
        if (!inShape)
            return true;
        var (order, from, length) = DenseRun(pattern, mask, bound);
        run = new BitRun(order.Bits, from, (int)length);
        return true;
    }

    /// <summary>
    /// The positions <paramref name="pattern"/> binds (its entries ≥ 0) as a mask, and how many; false when a
    /// bound value lies outside the shape, which no tuple matches.
    /// </summary>
    private bool BoundPositions(ReadOnlySpan<int> pattern, out int mask, out int bound)
    {
        var inShape = true;
        (mask, bound) = (0, 0);
        for (var p = 0; p < pattern.Length; p++)
        {
            if (pattern[p] < 0)
                continue;
            inShape &= pattern[p] < Shape[p];
            mask |= 1 << p;
            bound++;
        }
        return inShape;
    }

    /// <summary>The dense form's run of codes that match the pattern's bound positions, in the order that places them first.</summary>
    private (BitOrder Order, long From, long Length) DenseRun(ReadOnlySpan<int> pattern, int mask, int bound)
    {
        var order = mask == (1 << bound) - 1 ? _bits! : BitIndex(mask);
        var (from, length) = order.Run(pattern, bound);
        return (order, from, length);
    }

    /// <summary>
    /// Builds the index that lookups binding the positions in <paramref name="mask"/> use, so that threads
    /// can then look up concurrently (a lookup that finds its index built only reads).
    /// </summary>
    public void PrepareIndex(int mask)
    {
        // A lookup binding every position is a membership test, which then only reads, too (a delta
        // enumerated, mask 0, or looked up through an index still needs no set).
        if (mask == (1 << Rank) - 1)
            CompleteCodes();
        if (mask == 0 || mask == (1 << Rank) - 1)
            return;
        if (_bits is not null)
        {
            if ((mask & (mask + 1)) != 0)
                BitIndex(mask);
        }
        else if (_keys is not null)
            KeyIndex(mask);
        else
            CodeIndex(mask);
    }

    /// <summary>The matching tuples as arrays: <see cref="Matches"/> for callers off the hot paths.</summary>
    public IReadOnlyList<int[]> Match(ReadOnlySpan<int> pattern)
    {
        var matches = new List<int[]>();
        foreach (var tuple in Matches(pattern, new int[Rank]))
            matches.Add(tuple.ToArray());
        return matches;
    }

    /// <summary>
    /// Adds the tuples of a run of a dense <paramref name="source"/> that a dense <paramref name="known"/>
    /// lacks, 64 cells at a time: the last step of a rule such as <c>Reach(x, z) &lt;- ΔReach(x, y), E(y, z)</c>,
    /// where the head's last positions are the source's free last positions. The run is the tuples that
    /// agree with <paramref name="pattern"/> on its first <paramref name="bound"/> positions; the head takes
    /// its first <paramref name="headBound"/> positions from <paramref name="head"/> and the rest from each tuple.
    /// </summary>
    /// <param name="alsoTo">When set, each tuple added here is added to it too (a round that grows the known
    /// relation itself, <paramref name="known"/> being this one, and collects the new tuples there).</param>
    /// <returns>False, having added nothing, when either relation is sparse.</returns>
    public bool AddMissingFromRun(Relation source, ReadOnlySpan<int> pattern, int bound, Relation known, Span<int> head, int headBound, Relation? alsoTo = null)
    {
        if (source._bits is null || known._bits is null)
            return false;
        var (from, length) = source._bits.Run(pattern, bound);
        var (knownFrom, knownLength) = known._bits.Run(head, headBound);
        if (knownLength != length)
            return false;
        for (long offset = 0; offset < length; offset += 64)
        {
            var word = source._bits.Bits.Read64(from + offset) & ~known._bits.Bits.Read64(knownFrom + offset);
            if (length - offset < 64)
                word &= (1UL << (int)(length - offset)) - 1;
            while (word != 0)
            {
                var cell = offset + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                for (var p = head.Length - 1; p >= headBound; p--)
                {
                    head[p] = (int)(cell % Shape[p]);
                    cell /= Shape[p];
                }
                if (Add(head))
                    alsoTo?.Add(head);
            }
        }
        return true;
    }

    // The sparse form's index on the positions in the mask, built on first use. The key functions capture
    // nothing, so each is one cached delegate (naming the instance method Code would make one per lookup).
    private IRowIndex<long> CodeIndex(int mask) => Index(ref _codeIndexes, mask, static (relation, tuple, mask) => relation.Code(tuple, mask), static (relation, mask) => relation.NewCodeIndex(mask));

    private IRowIndex<TupleKey> KeyIndex(int mask) => Index(ref _keyIndexes, mask, static (_, tuple, mask) => Project(tuple, mask), static (_, _) => new RowIndex<TupleKey>());

    // A prefix index's arrays cost 8 bytes a value of the prefix: taken when that is at most a few entries a
    // tuple of the relation as it is (the first positions' domain no larger than a few times the tuples).
    private const long PrefixValuesPerTuple = 4;
    private const long PrefixValuesAlways = 1 << 16;

    private IRowIndex<long> NewCodeIndex(int mask)
    {
        if ((mask & (mask + 1)) != 0)
            return new RowIndex<long>();
        var last = BitOperations.Log2((uint)mask);
        var prefixes = _cells / _strides![last];
        return prefixes <= PrefixValuesAlways + PrefixValuesPerTuple * _count
            ? new PrefixRowIndex((int)prefixes, _strides[last])
            : new RowIndex<long>();
    }

    private delegate TKey KeyOf<TKey>(Relation relation, ReadOnlySpan<int> tuple, int mask);

    private IRowIndex<TKey> Index<TKey>(ref Dictionary<int, IRowIndex<TKey>>? indexes, int mask, KeyOf<TKey> keyOf, Func<Relation, int, IRowIndex<TKey>> create)
        where TKey : notnull
    {
        indexes ??= [];
        if (!indexes.TryGetValue(mask, out var index))
        {
            index = create(this, mask);
            for (var row = 0; row < _count; row++)
                index.Add(keyOf(this, _rows![row], mask), row);
            indexes.Add(mask, index);
        }
        return index;
    }

    private BitOrder BitIndex(int mask)
    {
        _bitIndexes ??= [];
        if (!_bitIndexes.TryGetValue(mask, out var order))
        {
            var positions = Enumerable.Range(0, Rank);
            order = new BitOrder([.. positions.Where(p => (mask & (1 << p)) != 0), .. positions.Where(p => (mask & (1 << p)) == 0)], Shape, _cells);
            foreach (var tuple in this)
                order.Bits.Add(order.Code(tuple));
            _bitIndexes.Add(mask, order);
        }
        return order;
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
        // Dense tuples come in row-major order already; sparse ones are sorted.
        var tuples = Tuples;
        return (_bits is not null ? tuples.AsEnumerable() : tuples.Order(TupleComparer.Instance)).Select(t => (t, 1.0));
    }

    public override void CopyTo<TTarget>(DenseTensor<TTarget> target)
    {
        var data = target.Data;
        foreach (var tuple in this)
            data[target.Offset(tuple)] = TTarget.One;
        target.MarkChanged();
    }

    public override TensorValue Clone() => new Relation(this);
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
