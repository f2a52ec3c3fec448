using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Semantics;

/// <summary>Initial contents of a tensor, from facts, literals or data files; one more contribution to it.</summary>
public abstract record BoundData(TensorSymbol Tensor, SourceLocation Location)
{
    /// <summary>True for data read from a file; literals and facts are part of the program text.</summary>
    public bool FromFile { get; init; }
}

/// <summary>
/// Every element of the tensor, row-major: a literal or a dense file. Values of a float32 file stay float32
/// (<see cref="Singles"/>) until something asks for them in double.
/// </summary>
public sealed record DenseData(TensorSymbol Tensor, SourceLocation Location) : BoundData(Tensor, Location)
{
    private double[]? _values;

    public DenseData(TensorSymbol tensor, double[] values, SourceLocation location)
        : this(tensor, location) => _values = values;

    public DenseData(TensorSymbol tensor, float[] singles, SourceLocation location)
        : this(tensor, location) => Singles = singles;

    public double[] Values => _values ??= Data.Widening.ToDoubles(Singles!);

    public float[]? Singles { get; }

    public int Length => _values?.Length ?? Singles!.Length;
}

/// <summary>
/// Listed cells: facts, or rows of a table file. <see cref="Tuples"/> holds them one after another, rank
/// indices each (one array rather than an array per tuple: a file may list millions). <see cref="Values"/>
/// is null for Boolean tensors (every listed tuple is true); otherwise it holds one value per tuple.
/// </summary>
public sealed record SparseData(
    TensorSymbol Tensor,
    int[] Tuples,
    int Count,
    double[]? Values,
    SourceLocation Location) : BoundData(Tensor, Location)
{
    /// <summary>The indices of tuple <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Tuple(int i) => Tuples.AsSpan(i * Tensor.Rank, Tensor.Rank);
}
