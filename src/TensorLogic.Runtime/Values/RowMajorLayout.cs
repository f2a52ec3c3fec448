using System.Collections.Immutable;

namespace TensorLogic.Runtime.Values;

/// <summary>Offsets of the cells of a shape in row-major order, and back; used by every dense store.</summary>
public sealed class RowMajorLayout
{
    private readonly long[] _strides;

    public RowMajorLayout(ImmutableArray<int> shape)
    {
        _strides = new long[shape.Length];
        long size = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            _strides[p] = size;
            // Saturate: a shape too large to store still has a size to report (TL5007), not an overflow.
            size = size > long.MaxValue / Math.Max(1, shape[p]) ? long.MaxValue : size * shape[p];
        }
        Elements = size;
    }

    /// <summary>The number of cells (as a long: a shape may be too large to store).</summary>
    public long Elements { get; }

    public int Rank => _strides.Length;

    /// <summary>Element strides per axis, what kernels walk a tensor with.</summary>
    public ReadOnlySpan<long> Strides => _strides;

    public long Offset(ReadOnlySpan<int> cell)
    {
        long offset = 0;
        for (var p = 0; p < cell.Length; p++)
            offset += cell[p] * _strides[p];
        return offset;
    }

    /// <summary>The cell of a row-major offset, written into <paramref name="cell"/>.</summary>
    public void CellOf(long offset, Span<int> cell)
    {
        for (var p = 0; p < cell.Length; p++)
        {
            cell[p] = (int)(offset / _strides[p]);
            offset -= cell[p] * _strides[p];
        }
    }

    public int[] CellOf(long offset)
    {
        var cell = new int[_strides.Length];
        CellOf(offset, cell);
        return cell;
    }
}
