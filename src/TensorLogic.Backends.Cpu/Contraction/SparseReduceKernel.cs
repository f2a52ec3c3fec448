using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// A relation alone, counted into a dense result: <c>Deg[x] = R(x, y)</c> adds alpha to Deg[x] for every
/// tuple (x, y). This is also how a Boolean input's private indices are summed before it meets its partners.
/// </summary>
internal sealed class SparseReduceKernel<T> : IStepKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _relationSizes;
    private readonly long[] _resultStride;

    public SparseReduceKernel(IrOperand relation, IrOperand result)
    {
        var layout = new OperandLayout(result);
        _resultStride = [.. relation.Indices.Select(layout.StrideOf)];
        _relationSizes = [.. relation.Indices.Select(i => i.Size)];
    }

    public void Run(in StepInput<T> left, in StepInput<T> right, DenseTensor<T> result, T alpha, bool accumulate)
    {
        var relation = left.RequireRelation(_relationSizes);
        if (!accumulate)
            result.Clear();
        var data = result.Data;
        foreach (var tuple in relation)
        {
            long offset = 0;
            for (var p = 0; p < tuple.Length; p++)
                offset += tuple[p] * _resultStride[p];
            data[offset] += alpha;
        }
    }
}
