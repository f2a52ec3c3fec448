namespace TensorLogic.Runtime.Values.Storage;

/// <summary>
/// A dense relation's bits with the tuple's positions taken in some order: the identity order holds the
/// relation, and each other order is an index, since the tuples that agree on the positions placed first
/// are then one contiguous run of bits (the transposed matrix serves lookups by the second position).
/// </summary>
internal sealed class BitOrder
{
    private readonly long[] _strides;
    private readonly int[] _sizes;
    private readonly long _cells;

    public BitOrder(int[] order, IReadOnlyList<int> shape, long cells)
    {
        Order = order;
        _cells = cells;
        _sizes = [.. order.Select(p => shape[p])];
        _strides = new long[order.Length];
        long stride = 1;
        for (var k = order.Length - 1; k >= 0; k--)
        {
            _strides[k] = stride;
            stride *= Math.Max(1, _sizes[k]);
        }
        Bits = new CellBits(cells);
    }

    private BitOrder(BitOrder source)
    {
        Order = source.Order;
        _cells = source._cells;
        _sizes = source._sizes;
        _strides = source._strides;
        Bits = source.Bits.Clone();
    }

    /// <summary>Order[k] is the tuple position placed k-th.</summary>
    public int[] Order { get; }

    public CellBits Bits { get; }

    public long Code(ReadOnlySpan<int> tuple)
    {
        long code = 0;
        for (var k = 0; k < Order.Length; k++)
            code += tuple[Order[k]] * _strides[k];
        return code;
    }

    /// <summary>
    /// The run of codes whose first <paramref name="bound"/> places hold the pattern's values: it starts at
    /// the returned code and is as long as the product of the remaining places' sizes.
    /// </summary>
    public (long From, long Length) Run(ReadOnlySpan<int> pattern, int bound)
    {
        long from = 0;
        for (var k = 0; k < bound; k++)
            from += pattern[Order[k]] * _strides[k];
        return (from, bound == 0 ? _cells : _strides[bound - 1]);
    }

    /// <summary>Writes the places from <paramref name="bound"/> on of the code at <paramref name="offset"/> within a run.</summary>
    public void Decode(long offset, int bound, Span<int> tuple)
    {
        for (var k = Order.Length - 1; k >= bound; k--)
        {
            if (k == bound)
            {
                tuple[Order[k]] = (int)offset;
                return;
            }
            tuple[Order[k]] = (int)(offset % _sizes[k]);
            offset /= _sizes[k];
        }
    }

    public BitOrder Clone() => new(this);
}
