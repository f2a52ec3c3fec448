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

    // Every index summed away, each once: the result is the number of tuples.
    private readonly bool _count;

    public SparseReduceKernel(IrOperand relation, IrOperand result)
    {
        var layout = new OperandLayout(result);
        _resultStride = [.. relation.Indices.Select(layout.StrideOf)];
        _relationSizes = [.. relation.Indices.Select(i => i.Size)];
        _count = _resultStride.All(s => s == 0) && relation.Indices.Distinct().Count() == relation.Indices.Length;
    }

    public void Run(in StepInput<T> left, in StepInput<T> right, DenseTensor<T> result, T alpha, bool accumulate)
    {
        var relation = left.RequireRelation(_relationSizes);
        if (!accumulate)
            result.Clear();
        var data = result.Data;
        // A count of every tuple (Count = R(x, y)) is the relation's size: no tuple need be read, and
        // float32 does not stall at 2^24 as repeated additions of 1 would.
        if (_count)
        {
            data[0] += alpha * T.CreateTruncating(relation.Count);
            return;
        }
        foreach (var tuple in relation)
        {
            long offset = 0;
            for (var p = 0; p < tuple.Length; p++)
                offset += tuple[p] * _resultStride[p];
            data[offset] += alpha;
        }
    }
}
