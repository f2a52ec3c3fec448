using System.Numerics;
using System.Collections.Immutable;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// The contents of a tensor while a program runs. Real tensors are dense (<see cref="DenseTensor{T}"/> in
/// float or double), except data that lists few of its cells, which is held as weighted tuples
/// (<see cref="SparseTensor"/>); Boolean tensors are relations (sets of true tuples), as the paper describes
/// them, so a relation over large domains stays small.
/// </summary>
public abstract class TensorValue(ImmutableArray<int> shape)
{
    public ImmutableArray<int> Shape { get; } = shape;

    public int Rank => Shape.Length;

    /// <summary>The element at <paramref name="cell"/>; 0 (false) outside the shape.</summary>
    public abstract double Get(ReadOnlySpan<int> cell);

    /// <summary>The cells whose value is not 0, in row-major order, with their values.</summary>
    public abstract IEnumerable<(int[] Cell, double Value)> NonZeros();

    public bool InShape(ReadOnlySpan<int> cell)
    {
        for (var p = 0; p < cell.Length; p++)
        {
            if ((uint)cell[p] >= (uint)Shape[p])
                return false;
        }
        return true;
    }

    public abstract TensorValue Clone();

    /// <summary>
    /// Writes the value into a cleared dense tensor of the same shape, in its precision (a relation as 0/1):
    /// the one conversion the store, the engines and the writers use.
    /// </summary>
    public virtual void CopyTo<TTarget>(DenseTensor<TTarget> target)
        where TTarget : unmanaged, IFloatingPointIeee754<TTarget>
    {
        var data = target.Data;
        foreach (var (cell, element) in NonZeros())
            data[target.Offset(cell)] = TTarget.CreateTruncating(element);
        target.MarkChanged();
    }

    /// <summary>The value as dense doubles (a relation as 0/1): the form writers and reports read.</summary>
    public DenseTensor<double> ToDouble()
    {
        if (this is DenseTensor<double> doubles)
            return doubles;
        var result = new DenseTensor<double>(Shape);
        CopyTo(result);
        return result;
    }
}
