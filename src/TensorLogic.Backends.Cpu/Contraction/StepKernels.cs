using System.Numerics;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// Picks the kernel of a step. Relations always go to a sparse kernel; a dense pair follows the planner's
/// Gemm/MultiplyReduce choice, which was made with the engine's own cost parameters (its target), so the
/// engine never second-guesses the plan.
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
        if (step.Kind is not (StepKind.Gemm or StepKind.MultiplyReduce))
            throw new InvalidOperationException($"the plan computes the dense step {left} * {right} -> {result} as {step.Kind}");
        return step.Kind == StepKind.Gemm
            ? new GemmStepKernel<T>(left, right, result, threads)
            : new LoopStepKernel<T>(left, right, result, threads);
    }
}
