using System.Collections.Immutable;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Compiler.Planning;

/// <summary>
/// The GEMM view of a pairwise contraction <c>C = Σ A·B</c>: batch indices are in A, B and C; M in A and C;
/// N in B and C; K (summed) in A and B. Indices in only one operand and not in C are summed away on their own.
/// </summary>
public sealed record GemmShape(
    ImmutableArray<IrIndex> Batch,
    ImmutableArray<IrIndex> M,
    ImmutableArray<IrIndex> N,
    ImmutableArray<IrIndex> K,
    ImmutableArray<IrIndex> LeftOnly,
    ImmutableArray<IrIndex> RightOnly)
{
    public long MSize => Product(M);
    public long NSize => Product(N);
    public long KSize => Product(K);
    public long BatchSize => Product(Batch);

    public static GemmShape Of(IrOperand left, IrOperand right, IrOperand result)
    {
        bool InLeft(IrIndex i) => left.Indices.Contains(i);
        bool InRight(IrIndex i) => right.Indices.Contains(i);
        bool InResult(IrIndex i) => result.Indices.Contains(i);
        var all = left.Indices.Concat(right.Indices).Distinct().ToList();
        return new GemmShape(
            [.. result.Indices.Where(i => InLeft(i) && InRight(i))],
            [.. result.Indices.Where(i => InLeft(i) && !InRight(i))],
            [.. result.Indices.Where(i => !InLeft(i) && InRight(i))],
            [.. all.Where(i => InLeft(i) && InRight(i) && !InResult(i))],
            [.. all.Where(i => InLeft(i) && !InRight(i) && !InResult(i))],
            [.. all.Where(i => !InLeft(i) && InRight(i) && !InResult(i))]);
    }

    private static long Product(ImmutableArray<IrIndex> indices) => indices.Aggregate(1L, (a, i) => a * i.Size);
}
