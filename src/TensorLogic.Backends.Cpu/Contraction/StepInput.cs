using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>What one side of a step reads: a dense buffer (a real tensor or a temporary) or a relation's tuples.</summary>
internal readonly struct StepInput<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private StepInput(DenseTensor<T>? dense, Relation? relation)
    {
        Dense = dense;
        Relation = relation;
    }

    public DenseTensor<T>? Dense { get; }

    public Relation? Relation { get; }

    public static StepInput<T> Of(DenseTensor<T> dense) => new(dense, null);

    public static StepInput<T> Of(Relation relation) => new(null, relation);

    public DenseTensor<T> RequireDense() => Dense ?? throw new InvalidOperationException("a dense operand was expected");

    /// <summary>
    /// The relation, checked against the sizes of its operand's indices: sparse kernels turn tuples into
    /// offsets, so a tuple outside the planned shape must never reach them.
    /// </summary>
    public Relation RequireRelation(int[] sizes)
    {
        var relation = Relation ?? throw new InvalidOperationException("a relation was expected");
        if (!relation.Shape.AsSpan().SequenceEqual(sizes))
        {
            throw new InvalidOperationException(
                $"a relation has shape [{string.Join(", ", relation.Shape)}], its operand needs [{string.Join(", ", sizes)}]");
        }
        return relation;
    }
}

/// <summary>
/// The compiled form of one <see cref="Compiler.IR.ContractionStep"/>:
/// <c>result (+)= alpha · Σ left · right</c> over the indices the result lacks. With
/// <c>accumulate = false</c> the result is overwritten (a temporary), otherwise added to (the accumulator).
/// Kernels keep their scratch buffers between runs, so one kernel must not run twice at the same time.
/// </summary>
internal interface IStepKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    void Run(in StepInput<T> left, in StepInput<T> right, DenseTensor<T> result, T alpha, bool accumulate);
}
