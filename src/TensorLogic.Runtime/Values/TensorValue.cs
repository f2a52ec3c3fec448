using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// The contents of a tensor while a program runs. Real tensors are dense; Boolean tensors are relations
/// (sets of true tuples), as the paper describes them, so a relation over large domains stays small.
/// </summary>
public abstract class TensorValue(TensorSymbol symbol, ImmutableArray<int> shape)
{
    public TensorSymbol Symbol { get; } = symbol;

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
}
