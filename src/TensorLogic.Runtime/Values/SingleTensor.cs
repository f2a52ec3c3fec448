using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A dense real tensor in float32, row-major: what the CPU engine computes by default. Kept as is in the
/// store, so a result is not converted to double unless something asks for its elements.
/// </summary>
public sealed class SingleTensor : TensorValue
{
    private readonly RowMajorLayout _layout;

    public SingleTensor(TensorSymbol symbol, ImmutableArray<int> shape, float[] data)
        : base(symbol, shape)
    {
        _layout = new RowMajorLayout(shape);
        if (data.Length != _layout.Elements)
            throw new ArgumentException($"{data.Length} elements for shape [{string.Join(", ", shape)}]");
        Data = data;
    }

    public float[] Data { get; }

    public override double Get(ReadOnlySpan<int> cell) => InShape(cell) ? Data[_layout.Offset(cell)] : 0;

    public override IEnumerable<(int[] Cell, double Value)> NonZeros()
    {
        for (var offset = 0; offset < Data.Length; offset++)
        {
            if (Data[offset] != 0)
                yield return (_layout.CellOf(offset), Data[offset]);
        }
    }

    public override TensorValue Clone() => new SingleTensor(Symbol, Shape, (float[])Data.Clone());

    /// <summary>The elements widened to double, for code that works in double (the reference engine, writers).</summary>
    public DenseTensor ToDouble() => new(Symbol, Shape, [.. Data.Select(v => (double)v)]);
}
