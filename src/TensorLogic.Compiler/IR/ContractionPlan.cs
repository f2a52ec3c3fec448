using System.Collections.Immutable;

namespace TensorLogic.Compiler.IR;

/// <summary>How one pairwise step is computed.</summary>
public enum StepKind
{
    /// <summary>Permute into [batch, M, K] × [batch, K, N] and call the blocked GEMM.</summary>
    Gemm,

    /// <summary>A direct multiply-and-reduce loop, for steps too small or too thin for GEMM.</summary>
    MultiplyReduce,

    /// <summary>One side is a relation: loop over its tuples, gathering and scattering dense rows.</summary>
    SparseGather,

    /// <summary>A single operand reduced or permuted into the result (no partner).</summary>
    Reduce,
}

/// <summary><c>Result = Σ Left · Right</c> over the indices in neither Result; Right is null for a Reduce.</summary>
public sealed record ContractionStep(IrOperand Left, IrOperand? Right, IrOperand Result, StepKind Kind, double Flops);

/// <summary>The chosen order of pairwise contractions, with its cost.</summary>
public sealed record ContractionPlan(ImmutableArray<ContractionStep> Steps, double Flops, long LargestIntermediate)
{
    public static readonly ContractionPlan Empty = new([], 0, 0);
}
