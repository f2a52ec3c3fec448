using System.Runtime.CompilerServices;

namespace TensorLogic.Compiler.Data;

/// <summary>
/// Collects one column of a table row by row. Slots stay 32 bits wide until one does not fit, and the kinds
/// array is made only when a row's kind differs from the first row's, so a column of node numbers costs four
/// bytes a row.
/// </summary>
public sealed class TableColumnBuilder
{
    private int[]? _narrow;
    private long[]? _wide;
    private byte[]? _kinds;
    private byte _kind;
    private int _count;

    /// <param name="capacity">The expected number of rows (say, the file's line count); the column grows past it if needed.</param>
    public TableColumnBuilder(int capacity) => _narrow = new int[Math.Max(capacity, 4)];

    public int Count => _count;

    /// <param name="plain">Whether the text is exactly how <paramref name="value"/> prints (not "007", "+3" or "-0").</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddInteger(long value, bool plain) =>
        Add(value, plain ? (byte)CellKind.Integer : (byte)((byte)CellKind.Integer | TableColumn.Spelled));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNumber(double value) => Add(BitConverter.DoubleToInt64Bits(value), (byte)CellKind.Number);

    /// <param name="symbol">The symbol's number in the table's list of symbols.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddSymbol(int symbol) => Add(symbol, (byte)CellKind.Symbol);

    private void Add(long slot, byte kind)
    {
        if (_count == Capacity)
            Grow();
        if (_narrow is not null && slot != (int)slot)
            Widen();
        if (_narrow is not null)
            _narrow[_count] = (int)slot;
        else
            _wide![_count] = slot;
        if (_count == 0)
            _kind = kind;
        else if (_kinds is not null)
            _kinds[_count] = kind;
        else if (kind != _kind)
        {
            _kinds = new byte[Capacity];
            Array.Fill(_kinds, _kind, 0, _count);
            _kinds[_count] = kind;
        }
        _count++;
    }

    private int Capacity => _narrow?.Length ?? _wide!.Length;

    private void Grow()
    {
        if (_narrow is not null)
            Array.Resize(ref _narrow, 2 * _narrow.Length);
        else
            Array.Resize(ref _wide, 2 * _wide!.Length);
        if (_kinds is not null)
            Array.Resize(ref _kinds, Capacity);
    }

    private void Widen()
    {
        _wide = new long[_narrow!.Length];
        for (var i = 0; i < _count; i++)
            _wide[i] = _narrow[i];
        _narrow = null;
    }

    /// <summary>The column, with arrays cut to its rows.</summary>
    public TableColumn Build()
    {
        if (_narrow is not null && _narrow.Length != _count)
            Array.Resize(ref _narrow, _count);
        if (_wide is not null && _wide.Length != _count)
            Array.Resize(ref _wide, _count);
        if (_kinds is not null && _kinds.Length != _count)
            Array.Resize(ref _kinds, _count);
        return new TableColumn(_narrow, _wide, _kinds, _kind);
    }
}
