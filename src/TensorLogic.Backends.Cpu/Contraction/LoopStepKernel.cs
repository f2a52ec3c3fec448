using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// A dense step computed by one <see cref="StridedLoop{T}"/> over all of its indices: a Reduce
/// (<c>Y[i] = X[i, j]</c>, also a plain copy or permutation) or a MultiplyReduce (element-wise and outer
/// products, thin or tiny products that a GEMM call would not repay).
/// </summary>
internal sealed unsafe class LoopStepKernel<T> : IStepKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StridedLoop<T> _loop;
    private readonly bool _sums;
    private readonly long _leftElements;
    private readonly long _rightElements;

    public LoopStepKernel(IrOperand left, IrOperand? right, IrOperand result, int threads)
    {
        var indices = left.Indices.Concat(right?.Indices ?? []).ToList();
        if (result.Indices.Any(i => !indices.Contains(i)))
            throw new InvalidOperationException($"the result {result} has an index that neither input has");
        var leftLayout = new OperandLayout(left);
        var rightLayout = right is null ? null : new OperandLayout(right);
        _loop = StridedLoop<T>.Create(indices, new OperandLayout(result), leftLayout, rightLayout, threads);
        // A summed index (of any size but 1) means cells are visited repeatedly, so a temporary must start at 0.
        _sums = indices.Any(i => i.Size != 1 && !result.Indices.Contains(i));
        _leftElements = leftLayout.Elements;
        _rightElements = rightLayout?.Elements ?? 0;
    }

    public void Run(in StepInput<T> left, in StepInput<T> right, DenseTensor<T> result, T alpha, bool accumulate) =>
        Run(left.RequireDense(), right.Dense, result, alpha, accumulate);

    public void Run(DenseTensor<T> left, DenseTensor<T>? right, DenseTensor<T> result, T alpha, bool accumulate)
    {
        Check(left, _leftElements);
        if (right is not null)
            Check(right, _rightElements);
        if (!accumulate && (_sums || _loop.IsEmpty))
            result.Clear();
        fixed (T* a = left.Data, b = right is null ? null : right.Data, o = result.Data)
            _loop.Run(a, right is null ? null : b, o, alpha, assign: !accumulate && !_sums);
    }

    private static void Check(DenseTensor<T> buffer, long elements)
    {
        if (buffer.Length != elements)
            throw new InvalidOperationException($"an operand buffer holds {buffer.Length} elements, its indices need {elements}");
    }
}
