namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// The column sizes of a relation and the packing of its tuples into one 64-bit key: the tuple's row-major
/// cell number. Keys then sort in tuple order, equal tuples have equal keys, and a relation on the device is
/// one array of <see langword="long"/>s. Keys are signed and non-negative, so the shape must have fewer than
/// 2^63 cells.
/// </summary>
public sealed class RelationShape
{
    private readonly int[] _sizes;
    private readonly long[] _strides;

    /// <exception cref="ArgumentException">A size is not positive, or the shape has 2^63 cells or more.</exception>
    public RelationShape(params int[] sizes)
    {
        _sizes = [.. sizes];
        _strides = new long[sizes.Length];
        long cells = 1;
        for (var column = sizes.Length - 1; column >= 0; column--)
        {
            var size = sizes[column];
            if (size <= 0)
                throw new ArgumentException($"column {column} of a relation has size {size}; sizes must be positive", nameof(sizes));
            _strides[column] = cells;
            if (cells > long.MaxValue / size)
                throw new ArgumentException(
                    $"a relation of shape [{string.Join(", ", sizes)}] has 2^63 cells or more, so its tuples cannot be packed into 64-bit keys on the device",
                    nameof(sizes));
            cells *= size;
        }
        Cells = cells;
    }

    public int Rank => _sizes.Length;

    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>The number of cells, one more than the largest key.</summary>
    public long Cells { get; }

    /// <summary>How much a key grows when <paramref name="column"/>'s value grows by one.</summary>
    public long Stride(int column) => _strides[column];

    /// <exception cref="ArgumentException">The tuple has the wrong arity or a value outside its column.</exception>
    public long Pack(ReadOnlySpan<int> tuple)
    {
        if (tuple.Length != Rank)
            throw new ArgumentException($"a tuple of {tuple.Length} values does not fit a relation of {Rank} columns", nameof(tuple));
        long key = 0;
        for (var column = 0; column < Rank; column++)
        {
            var value = tuple[column];
            if ((uint)value >= (uint)_sizes[column])
                throw new ArgumentException($"value {value} is outside column {column}, whose size is {_sizes[column]}", nameof(tuple));
            key += value * _strides[column];
        }
        return key;
    }

    public int[] Unpack(long key)
    {
        if ((ulong)key >= (ulong)Cells)
            throw new ArgumentOutOfRangeException(nameof(key), $"key {key} is outside a relation of {Cells} cells");
        var tuple = new int[Rank];
        for (var column = 0; column < Rank; column++)
            tuple[column] = (int)(key / _strides[column] % _sizes[column]);
        return tuple;
    }

    public override string ToString() => $"[{string.Join(", ", _sizes)}]";
}
