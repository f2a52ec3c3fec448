using System.Numerics;
using TensorLogic.Runtime.Values.Storage;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// The tuples of a relation that match a pattern, enumerated without allocating: stored rows (every row, or
/// an index's chain) for a sparse relation, set bits of a run for a dense one, decoded into the caller's
/// buffer. <see cref="Current"/> is valid until the next <see cref="MoveNext"/>. Tuples added while
/// enumerating may or may not be seen.
/// </summary>
public ref struct TupleCursor
{
    // Sparse: rows _row, _row + 1, ... below _end, or along _next from _row when _next is set.
    private readonly TupleRows? _rows;
    private readonly int[]? _next;
    private readonly int _end;
    private int _row;

    // Dense: the set bits of [_from, _to) in _order's bits; the first _bound places are the pattern's.
    private readonly BitOrder? _order;
    private readonly long _from;
    private readonly long _to;
    private readonly int _bound;
    private readonly Span<int> _buffer;
    private long _word;
    private ulong _bits;
    private bool _done;

    // One tuple, in the buffer: a fully bound pattern that a sparse relation holds.
    private bool _single;

    internal TupleCursor(TupleRows rows, int[]? next, int first, int end)
    {
        (_rows, _next, _row, _end) = (rows, next, first, end);
        Current = default;
    }

    internal TupleCursor(BitOrder order, long from, long length, int bound, Span<int> buffer)
    {
        (_order, _from, _to, _bound) = (order, from, from + length, bound);
        _buffer = buffer;
        _word = from >> 6;
        _bits = length == 0 ? 0 : order.Bits.Words[_word] & (~0UL << (int)(from & 63));
        Current = default;
    }

    internal TupleCursor(Span<int> tuple)
    {
        _buffer = tuple;
        _single = true;
        Current = default;
    }

    public static TupleCursor Empty => default;

    public ReadOnlySpan<int> Current { get; private set; }

    public readonly TupleCursor GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_order is not null)
            return NextBit();
        if (_single)
        {
            _single = false;
            Current = _buffer;
            return true;
        }
        if (_rows is null)
            return false;
        if (_next is null)
        {
            if (_row >= _end)
                return false;
            Current = _rows[_row++];
            return true;
        }
        if (_row < 0)
            return false;
        Current = _rows[_row];
        _row = _next[_row];
        return true;
    }

    private bool NextBit()
    {
        var words = _order!.Bits.Words;
        while (_bits == 0 && !_done)
        {
            if (++_word << 6 >= _to)
                _done = true;
            else
                _bits = words[_word];
        }
        var code = (_word << 6) + BitOperations.TrailingZeroCount(_bits);
        if (_done || code >= _to)
        {
            _done = true;
            return false;
        }
        _bits &= _bits - 1;
        _order.Decode(code - _from, _bound, _buffer);
        Current = _buffer;
        return true;
    }
}
