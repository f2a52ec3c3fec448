using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Planning;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// Picks the kernel of a step. The operands decide where they must: relations always go to a sparse kernel.
/// A dense pair follows the planner's Gemm/MultiplyReduce choice, re-derived when the planner called it
/// SparseGather, which happens for the temporaries of a Boolean rule (planned as Boolean, stored dense).
/// </summary>
internal static class StepKernels
{
    public static IStepKernel<T> For<T>(ContractionStep step, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (left, right, result) = (step.Left, step.Right, step.Result);
        if (right is null)
            return left.IsSparse ? new SparseReduceKernel<T>(left, result) : new LoopStepKernel<T>(left, null, result, threads);
        if (left.IsSparse && right.IsSparse)
            return new SparseJoinKernel<T>(left, right, result);
        if (left.IsSparse || right.IsSparse)
            return new SparseGatherKernel<T>(left, right, result);
        var kind = step.Kind is StepKind.Gemm or StepKind.MultiplyReduce ? step.Kind : ContractionPlanner.Default.Kind(left, right, result);
        return kind == StepKind.Gemm
            ? new GemmStepKernel<T>(left, right, result, threads)
            : new LoopStepKernel<T>(left, right, result, threads);
    }
}
