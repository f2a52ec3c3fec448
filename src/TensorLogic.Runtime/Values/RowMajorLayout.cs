using System.Collections.Immutable;

namespace TensorLogic.Runtime.Values;

/// <summary>Offsets of the cells of a shape in row-major order, and back; used by every dense store.</summary>
public sealed class RowMajorLayout
{
    private readonly int[] _strides;

    public RowMajorLayout(ImmutableArray<int> shape)
    {
        _strides = new int[shape.Length];
        long size = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            _strides[p] = (int)Math.Min(size, int.MaxValue);
            size *= shape[p];
        }
        Elements = size;
    }

    /// <summary>The number of cells (as a long: a shape may be too large to store).</summary>
    public long Elements { get; }

    public int Rank => _strides.Length;

    public int Offset(ReadOnlySpan<int> cell)
    {
        var offset = 0;
        for (var p = 0; p < cell.Length; p++)
            offset += cell[p] * _strides[p];
        return offset;
    }

    /// <summary>The cell of a row-major offset, written into <paramref name="cell"/>.</summary>
    public void CellOf(int offset, Span<int> cell)
    {
        for (var p = 0; p < cell.Length; p++)
        {
            cell[p] = offset / _strides[p];
            offset -= cell[p] * _strides[p];
        }
    }

    public int[] CellOf(int offset)
    {
        var cell = new int[_strides.Length];
        CellOf(offset, cell);
        return cell;
    }
}
