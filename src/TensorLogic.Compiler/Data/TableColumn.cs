namespace TensorLogic.Compiler.Data;

/// <summary>What one field of a table holds: an integer, a number with a fraction (or NaN, infinity), or a symbol.</summary>
public enum CellKind : byte
{
    Integer,
    Number,
    Symbol,
}

/// <summary>
/// One column of a table, kept as values rather than text: a file of a million rows would otherwise hold a
/// string and a cell object per field, several times the size of the file. Each field is a 64-bit slot (the
/// integer, the bits of the number, or the symbol's number in <see cref="TableContent.Symbols"/>) and, when
/// the column mixes kinds, a byte saying which.
/// </summary>
public sealed class TableColumn
{
    // A kind byte may carry this flag on an integer written otherwise than its value prints ("007", "+3", "-0"):
    // in a domain of symbols such a field is its own name, so its text is read again from the line.
    internal const byte Spelled = 0x80;

    private readonly long[] _slots;
    private readonly byte[]? _kinds;
    private readonly byte _kind;

    /// <param name="kinds">Each row's kind byte, or null when every row has <paramref name="kind"/>.</param>
    internal TableColumn(long[] slots, byte[]? kinds, byte kind)
    {
        if (kinds is not null && kinds.Length != slots.Length)
            throw new ArgumentException("one kind per row", nameof(kinds));
        _slots = slots;
        _kinds = kinds;
        _kind = kind;
    }

    public int Count => _slots.Length;

    public CellKind Kind(int row) => (CellKind)(KindByte(row) & ~Spelled);

    /// <summary>The value of an integer field.</summary>
    public long Integer(int row) => _slots[row];

    /// <summary>The value of a number field.</summary>
    public double Number(int row) => BitConverter.Int64BitsToDouble(_slots[row]);

    /// <summary>The number of a symbol field in <see cref="TableContent.Symbols"/>.</summary>
    public int Symbol(int row) => (int)_slots[row];

    /// <summary>Whether an integer field is written exactly as its value prints (<c>7</c>, not <c>007</c> or <c>+7</c>).</summary>
    public bool IsPlainInteger(int row) => KindByte(row) == (byte)CellKind.Integer;

    /// <summary>Whether every field is an integer written as its value prints: the common case of numbered nodes.</summary>
    public bool AllPlainIntegers => _kinds is null && _kind == (byte)CellKind.Integer;

    private byte KindByte(int row)
    {
        if (_kinds is not null)
            return _kinds[row];
        _ = _slots[row]; // a row out of range throws here too
        return _kind;
    }

    /// <summary>The column of the given rows, in that order.</summary>
    public TableColumn Select(IReadOnlyList<int> rows)
    {
        var slots = new long[rows.Count];
        var kinds = _kinds is null ? null : new byte[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            slots[i] = _slots[rows[i]];
            if (kinds is not null)
                kinds[i] = _kinds![rows[i]];
        }
        return new TableColumn(slots, kinds, _kind);
    }
}
