using System.Runtime.CompilerServices;

namespace TensorLogic.Compiler.Data;

/// <summary>
/// Collects one column of a table row by row. The kinds array is made only when a row's kind differs from
/// the first row's, so a column of integers costs its values alone.
/// </summary>
public sealed class TableColumnBuilder
{
    private long[] _slots;
    private byte[]? _kinds;
    private byte _kind;
    private int _count;

    /// <param name="capacity">The expected number of rows (say, the file's line count); the column grows past it if needed.</param>
    public TableColumnBuilder(int capacity) => _slots = new long[Math.Max(capacity, 4)];

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(long slot, byte kind)
    {
        if (_count == _slots.Length)
            Grow();
        _slots[_count] = slot;
        if (_count == 0)
            _kind = kind;
        else if (_kinds is not null)
            _kinds[_count] = kind;
        else if (kind != _kind)
        {
            _kinds = new byte[_slots.Length];
            Array.Fill(_kinds, _kind, 0, _count);
            _kinds[_count] = kind;
        }
        _count++;
    }

    private void Grow()
    {
        Array.Resize(ref _slots, _slots.Length * 2);
        if (_kinds is not null)
            Array.Resize(ref _kinds, _slots.Length);
    }

    /// <summary>The column, with arrays cut to its rows.</summary>
    public TableColumn Build()
    {
        if (_slots.Length != _count)
            Array.Resize(ref _slots, _count);
        if (_kinds is not null && _kinds.Length != _count)
            Array.Resize(ref _kinds, _count);
        return new TableColumn(_slots, _kinds, _kind);
    }
}
