using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Values;

/// <summary>A dense real tensor, row-major.</summary>
public sealed class DenseTensor : TensorValue
{
    private readonly int[] _strides;

    public DenseTensor(TensorSymbol symbol, ImmutableArray<int> shape, double[]? data = null)
        : base(symbol, shape)
    {
        _strides = new int[shape.Length];
        long size = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            _strides[p] = (int)size;
            size *= shape[p];
        }
        if (size > Array.MaxLength)
            throw new TensorTooLargeException(symbol, shape);
        Data = data ?? new double[size];
    }

    public double[] Data { get; }

    public int Length => Data.Length;

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

    public override double Get(ReadOnlySpan<int> cell) => InShape(cell) ? Data[Offset(cell)] : 0;

    public void Set(ReadOnlySpan<int> cell, double value) => Data[Offset(cell)] = value;

    public override IEnumerable<(int[] Cell, double Value)> NonZeros()
    {
        for (var offset = 0; offset < Data.Length; offset++)
        {
            if (Data[offset] == 0)
                continue;
            var cell = new int[Rank];
            CellOf(offset, cell);
            yield return (cell, Data[offset]);
        }
    }

    public override TensorValue Clone() => new DenseTensor(Symbol, Shape, (double[])Data.Clone());
}

/// <summary>Raised when a tensor's shape needs more elements than an array can hold; reported as TL5007.</summary>
public sealed class TensorTooLargeException(TensorSymbol symbol, ImmutableArray<int> shape)
    : Exception($"tensor '{symbol.Name}' of shape [{string.Join(", ", shape)}] is too large to store densely")
{
    public TensorSymbol Symbol { get; } = symbol;
}
