using System.Collections.Immutable;
using System.Numerics;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A dense real tensor in float or double, row-major: a program tensor's value in the store, a kernel's
/// temporary, an equation's accumulator. The one dense type every engine, the data readers and writers and
/// the answers share, so no value is converted on its way between them. Kernels take pointers with
/// <c>fixed</c> on <see cref="Data"/>.
/// </summary>
public sealed class DenseTensor<T> : TensorValue
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RowMajorLayout _layout;

    public DenseTensor(ImmutableArray<int> shape, T[]? data = null)
        : base(shape)
    {
        _layout = new RowMajorLayout(shape);
        if (_layout.Elements > Array.MaxLength)
            throw new TensorTooLargeException(null, shape);
        Strides = _layout.Strides.ToArray();
        Data = data ?? new T[_layout.Elements];
        if (Data.Length != _layout.Elements)
            throw new ArgumentException($"{Data.Length} elements for shape [{string.Join(", ", shape)}]");
    }

    /// <summary>Element strides per axis (row-major).</summary>
    public long[] Strides { get; }

    public T[] Data { get; }

    public int Length => Data.Length;

    public long Offset(ReadOnlySpan<int> cell) => _layout.Offset(cell);

    /// <summary>The cell of a row-major offset, written into <paramref name="cell"/>.</summary>
    public void CellOf(long offset, Span<int> cell) => _layout.CellOf(offset, cell);

    public override double Get(ReadOnlySpan<int> cell) => InShape(cell) ? double.CreateTruncating(Data[Offset(cell)]) : 0;

    public void Set(ReadOnlySpan<int> cell, double value) => Data[Offset(cell)] = T.CreateTruncating(value);

    public void Clear() => Array.Clear(Data);

    public override IEnumerable<(int[] Cell, double Value)> NonZeros()
    {
        for (var offset = 0; offset < Data.Length; offset++)
        {
            if (Data[offset] == T.Zero)
                continue;
            var cell = new int[Rank];
            CellOf(offset, cell);
            yield return (cell, double.CreateTruncating(Data[offset]));
        }
    }

    public override TensorValue Clone() => new DenseTensor<T>(Shape, (T[])Data.Clone());

    /// <summary>Every element, in the target's precision (same shape).</summary>
    public override void CopyTo<TTarget>(DenseTensor<TTarget> target)
    {
        for (var i = 0; i < Data.Length; i++)
            target.Data[i] = TTarget.CreateTruncating(Data[i]);
    }
}

/// <summary>Raised when a tensor's shape needs more elements than an array can hold; reported as TL5007.</summary>
public sealed class TensorTooLargeException(Compiler.Semantics.TensorSymbol? symbol, ImmutableArray<int> shape)
    : Exception($"tensor {(symbol is null ? "" : $"'{symbol.Name}' ")}of shape [{string.Join(", ", shape)}] is too large to store densely")
{
    public Compiler.Semantics.TensorSymbol? Symbol { get; } = symbol;
}
