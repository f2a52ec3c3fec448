using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Semantics;

/// <summary>Initial contents of a tensor, from facts, literals or data files; one more contribution to it.</summary>
public abstract record BoundData(TensorSymbol Tensor, SourceLocation Location)
{
    /// <summary>True for data read from a file; literals and facts are part of the program text.</summary>
    public bool FromFile { get; init; }
}

/// <summary>Every element of the tensor, row-major: a literal or a dense file.</summary>
public sealed record DenseData(TensorSymbol Tensor, double[] Values, SourceLocation Location) : BoundData(Tensor, Location);

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
