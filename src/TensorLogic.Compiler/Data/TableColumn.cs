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
/// string and a cell object per field, several times the size of the file. Each field is a slot (the
/// integer, the bits of the number, or the symbol's number in <see cref="TableContent.Symbols"/>) and, when
/// the column mixes kinds, a byte saying which. Slots take 32 bits while every one of the column fits, as
/// symbols and node numbers do, and 64 otherwise (numbers, large integers).
/// </summary>
public sealed class TableColumn
{
    // A kind byte may carry this flag on an integer written otherwise than its value prints ("007", "+3", "-0"):
    // in a domain of symbols such a field is its own name, so its text is read again from the line.
    internal const byte Spelled = 0x80;

    private readonly int[]? _narrow;
    private readonly long[]? _wide;
    private readonly byte[]? _kinds;
    private readonly byte _kind;

    /// <param name="narrow">The slots when all fit in 32 bits; else null, and <paramref name="wide"/> holds them.</param>
    /// <param name="kinds">Each row's kind byte, or null when every row has <paramref name="kind"/>.</param>
    internal TableColumn(int[]? narrow, long[]? wide, byte[]? kinds, byte kind)
    {
        if ((narrow is null) == (wide is null))
            throw new ArgumentException("one array of slots, narrow or wide", nameof(narrow));
        _narrow = narrow;
        _wide = wide;
        Count = narrow?.Length ?? wide!.Length;
        if (kinds is not null && kinds.Length != Count)
            throw new ArgumentException("one kind per row", nameof(kinds));
        _kinds = kinds;
        _kind = kind;
    }

    public int Count { get; }

    public CellKind Kind(int row) => (CellKind)(KindByte(row) & ~Spelled);

    /// <summary>The value of an integer field.</summary>
    public long Integer(int row) => Slot(row);

    /// <summary>The value of a number field.</summary>
    public double Number(int row) => BitConverter.Int64BitsToDouble(Slot(row));

    /// <summary>The number of a symbol field in <see cref="TableContent.Symbols"/>.</summary>
    public int Symbol(int row) => (int)Slot(row);

    /// <summary>Whether an integer field is written exactly as its value prints (<c>7</c>, not <c>007</c> or <c>+7</c>).</summary>
    public bool IsPlainInteger(int row) => KindByte(row) == (byte)CellKind.Integer;

    private long Slot(int row) => _narrow is not null ? _narrow[row] : _wide![row];

    private byte KindByte(int row)
    {
        if (_kinds is not null)
            return _kinds[row];
        if ((uint)row >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(row));
        return _kind;
    }

    /// <summary>The column of the given rows, in that order.</summary>
    public TableColumn Select(IReadOnlyList<int> rows)
    {
        var narrow = _narrow is null ? null : new int[rows.Count];
        var wide = _wide is null ? null : new long[rows.Count];
        var kinds = _kinds is null ? null : new byte[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (narrow is not null)
                narrow[i] = _narrow![rows[i]];
            else
                wide![i] = _wide![rows[i]];
            if (kinds is not null)
                kinds[i] = _kinds![rows[i]];
        }
        return new TableColumn(narrow, wide, kinds, _kind);
    }
}
