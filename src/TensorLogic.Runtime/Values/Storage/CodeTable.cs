namespace TensorLogic.Runtime.Values.Storage;

/// <summary>
/// Values by non-negative 64-bit cell number, open addressing with linear probing as in <see cref="CodeSet"/>:
/// 16 bytes a slot, at most 3/4 of the slots full, no object per entry. A lookup of an absent cell reads 0,
/// which is what a real tensor holds there.
/// </summary>
internal sealed class CodeTable
{
    private const long Empty = -1;
    private long[] _codes;
    private double[] _values;
    private int _mask;

    public CodeTable(int capacity = 16)
    {
        var size = 16;
        while (size < capacity * 4L / 3 + 1)
            size <<= 1;
        (_codes, _values) = Allocate(size);
        _mask = size - 1;
    }

    public int Count { get; private set; }

    public long Bytes => (long)_codes.Length * (sizeof(long) + sizeof(double));

    /// <summary>The value of the cell, 0 when the table does not hold it.</summary>
    public double Get(long code)
    {
        var codes = _codes;
        for (var i = Slot(code); ; i = (i + 1) & _mask)
        {
            var held = codes[i];
            if (held == code)
                return _values[i];
            if (held == Empty)
                return 0;
        }
    }

    /// <summary>Adds <paramref name="value"/> to the cell's value: entries of summed data that list a cell twice add up.</summary>
    public void Add(long code, double value)
    {
        var codes = _codes;
        var i = Slot(code);
        for (; ; i = (i + 1) & _mask)
        {
            var held = codes[i];
            if (held == code)
            {
                _values[i] += value;
                return;
            }
            if (held == Empty)
                break;
        }
        codes[i] = code;
        _values[i] = value;
        if (++Count * 4L > codes.Length * 3L)
            Grow();
    }

    /// <summary>Every held cell with its value, in slot order (no particular order).</summary>
    public IEnumerable<(long Code, double Value)> Entries()
    {
        for (var i = 0; i < _codes.Length; i++)
        {
            if (_codes[i] != Empty)
                yield return (_codes[i], _values[i]);
        }
    }

    public CodeTable Clone()
    {
        var copy = (CodeTable)MemberwiseClone();
        copy._codes = (long[])_codes.Clone();
        copy._values = (double[])_values.Clone();
        return copy;
    }

    // Fibonacci hashing, as CodeSet: consecutive cell numbers spread over the table.
    private int Slot(long code) => (int)((ulong)(code * -7046029254386353131L) >> 32) & _mask;

    private static (long[] Codes, double[] Values) Allocate(int size)
    {
        Resources.ResourceGuard.Reserve(size * (long)(sizeof(long) + sizeof(double)));
        var codes = new long[size];
        Array.Fill(codes, Empty);
        return (codes, new double[size]);
    }

    private void Grow()
    {
        var (oldCodes, oldValues) = (_codes, _values);
        (_codes, _values) = Allocate(oldCodes.Length * 2);
        _mask = _codes.Length - 1;
        for (var j = 0; j < oldCodes.Length; j++)
        {
            if (oldCodes[j] == Empty)
                continue;
            var i = Slot(oldCodes[j]);
            while (_codes[i] != Empty)
                i = (i + 1) & _mask;
            _codes[i] = oldCodes[j];
            _values[i] = oldValues[j];
        }
    }
}
