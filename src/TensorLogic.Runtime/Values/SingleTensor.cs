using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A dense real tensor in float32, row-major: what the CPU engine computes by default. Kept as is in the
/// store, so a result is not converted to double unless something asks for its elements.
/// </summary>
public sealed class SingleTensor : TensorValue
{
    private readonly int[] _strides;

    public SingleTensor(TensorSymbol symbol, ImmutableArray<int> shape, float[] data)
        : base(symbol, shape)
    {
        _strides = new int[shape.Length];
        var size = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            _strides[p] = size;
            size *= shape[p];
        }
        if (data.Length != size)
            throw new ArgumentException($"{data.Length} elements for shape [{string.Join(", ", shape)}]");
        Data = data;
    }

    public float[] Data { get; }

    public override double Get(ReadOnlySpan<int> cell)
    {
        if (!InShape(cell))
            return 0;
        var offset = 0;
        for (var p = 0; p < cell.Length; p++)
            offset += cell[p] * _strides[p];
        return Data[offset];
    }

    public override IEnumerable<(int[] Cell, double Value)> NonZeros()
    {
        for (var offset = 0; offset < Data.Length; offset++)
        {
            if (Data[offset] == 0)
                continue;
            var cell = new int[Rank];
            var rest = offset;
            for (var p = 0; p < cell.Length; p++)
            {
                cell[p] = rest / _strides[p];
                rest -= cell[p] * _strides[p];
            }
            yield return (cell, Data[offset]);
        }
    }

    public override TensorValue Clone() => new SingleTensor(Symbol, Shape, (float[])Data.Clone());

    /// <summary>The elements widened to double, for code that works in double (the reference engine, writers).</summary>
    public DenseTensor ToDouble() => new(Symbol, Shape, [.. Data.Select(v => (double)v)]);
}
