using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Values;

/// <summary>A dense real tensor, row-major.</summary>
public sealed class DenseTensor : TensorValue
{
    private readonly RowMajorLayout _layout;

    public DenseTensor(TensorSymbol symbol, ImmutableArray<int> shape, double[]? data = null)
        : base(symbol, shape)
    {
        _layout = new RowMajorLayout(shape);
        if (_layout.Elements > Array.MaxLength)
            throw new TensorTooLargeException(symbol, shape);
        Data = data ?? new double[_layout.Elements];
    }

    public double[] Data { get; }

    public int Length => Data.Length;

    public int Offset(ReadOnlySpan<int> cell) => _layout.Offset(cell);

    /// <summary>The cell of a row-major offset, written into <paramref name="cell"/>.</summary>
    public void CellOf(int offset, Span<int> cell) => _layout.CellOf(offset, cell);

    public override double Get(ReadOnlySpan<int> cell) => InShape(cell) ? Data[Offset(cell)] : 0;

    public void Set(ReadOnlySpan<int> cell, double value) => Data[Offset(cell)] = value;

    public override IEnumerable<(int[] Cell, double Value)> NonZeros()
    {
        for (var offset = 0; offset < Data.Length; offset++)
        {
            if (Data[offset] == 0)
                continue;
            yield return (_layout.CellOf(offset), Data[offset]);
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
