using System.Collections.Immutable;
using System.Numerics;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>
/// A dense row-major array of float or double that kernels read and write: a tensor's value, a
/// temporary of a contraction, or an equation's accumulator. Kernels take pointers with <c>fixed</c>.
/// </summary>
public sealed class DenseBuffer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public DenseBuffer(ImmutableArray<int> shape, T[]? data = null)
    {
        Shape = shape;
        Strides = new long[shape.Length];
        long size = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            Strides[p] = size;
            size *= shape[p];
        }
        Data = data ?? new T[size];
        if (Data.Length != size)
            throw new ArgumentException($"buffer of {Data.Length} elements for shape [{string.Join(", ", shape)}]");
    }

    public ImmutableArray<int> Shape { get; }

    /// <summary>Element strides per axis (row-major).</summary>
    public long[] Strides { get; }

    public T[] Data { get; }

    public int Length => Data.Length;

    public int Rank => Shape.Length;

    public long Offset(ReadOnlySpan<int> cell)
    {
        long offset = 0;
        for (var p = 0; p < cell.Length; p++)
            offset += cell[p] * Strides[p];
        return offset;
    }

    public void Clear() => Array.Clear(Data);
}
