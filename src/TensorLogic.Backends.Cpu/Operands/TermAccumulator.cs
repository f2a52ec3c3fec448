using TensorLogic.Runtime.Values;
using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Cpu.Operands;

/// <summary>
/// Where a loop kernel puts a term's results: per cell the aggregated value and the number of bindings
/// that reached it (so avg= can divide, and the outer function is applied to reached cells only).
/// A cell's first binding sets the value; later ones are combined by <see cref="Aggregation"/>.
/// </summary>
public sealed class TermAccumulator<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public TermAccumulator(ImmutableArray<int> shape, Aggregation aggregation)
        : this(new DenseTensor<T>(shape), null, aggregation)
    {
    }

    /// <summary>An accumulator over given (cleared) storage, such as buffers rented by the engine.</summary>
    public TermAccumulator(DenseTensor<T> values, int[]? counts, Aggregation aggregation)
    {
        Values = values;
        Counts = counts ?? new int[values.Length];
        Aggregation = aggregation;
    }

    public DenseTensor<T> Values { get; }

    public int[] Counts { get; }

    public Aggregation Aggregation { get; }

    /// <summary>Divides averages by their counts; after this, Values holds each reached cell's result.</summary>
    public void Finish() => Accumulation<T>.Finish(Aggregation, Values.Data, Counts);

    public void Clear()
    {
        Values.Clear();
        Array.Clear(Counts);
    }
}
