using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// A relation times a dense operand, in time linear in the number of tuples times the dense slice: each tuple
/// fixes the dense operand's shared indices (selecting a slice) and the result's indices it carries
/// (selecting where the slice goes), and the slice is added there by a <see cref="StridedLoop{T}"/> over the
/// dense operand's remaining indices (summing those the result lacks). For example
/// <c>EmbX[p, d] = X(p, t) Emb[t, d]</c> adds row Emb[t, :] to EmbX[p, :] for every tuple (p, t), and
/// <c>Agg[n, l, d] = Neig(n, n') Z[n', l, d]</c> adds the block Z[n', :, :] to Agg[n, :, :].
/// </summary>
internal sealed unsafe class SparseGatherKernel<T> : IStepKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly bool _relationOnLeft;
    private readonly int[] _relationSizes;
    private readonly long[] _denseStride;
    private readonly long[] _resultStride;
    private readonly StridedLoop<T>[] _slices;
    private readonly long _denseElements;
    private readonly long _sliceElements;

    public SparseGatherKernel(IrOperand left, IrOperand right, IrOperand result)
    {
        _relationOnLeft = left.IsSparse;
        var (relation, dense) = _relationOnLeft ? (left, right) : (right, left);
        var denseLayout = new OperandLayout(dense);
        var resultLayout = new OperandLayout(result);
        _relationSizes = [.. relation.Indices.Select(i => i.Size)];
        _denseStride = [.. relation.Indices.Select(denseLayout.StrideOf)];
        _resultStride = [.. relation.Indices.Select(resultLayout.StrideOf)];
        _denseElements = denseLayout.Elements;
        // Tuples may scatter into the same cells, so threads split the result, not the tuples: each scans all
        // tuples and adds those whose slice starts in its part (one slice loop per thread).
        var free = dense.Indices.Where(i => !relation.Indices.Contains(i)).ToList();
        _sliceElements = free.Aggregate(1L, (a, i) => a * i.Size);
        var parts = Math.Max(1, Environment.ProcessorCount);
        _slices = [.. Enumerable.Range(0, parts).Select(_ => StridedLoop<T>.Create(free, resultLayout, denseLayout, null, threads: 1))];
    }

    private const long ParallelWork = 1 << 16;

    public void Run(in StepInput<T> left, in StepInput<T> right, DenseTensor<T> result, T alpha, bool accumulate)
    {
        var relation = (_relationOnLeft ? left : right).RequireRelation(_relationSizes);
        var dense = (_relationOnLeft ? right : left).RequireDense();
        if (dense.Length != _denseElements)
            throw new InvalidOperationException("a dense operand does not match its indices");
        if (!accumulate)
            result.Clear();
        var parts = relation.Count * _sliceElements >= ParallelWork ? _slices.Length : 1;
        fixed (T* d = dense.Data, o = result.Data)
        {
            if (parts == 1)
            {
                Scatter(relation, d, o, alpha, 0, long.MaxValue, _slices[0]);
                return;
            }
            var (dp, op, a) = ((nint)d, (nint)o, alpha);
            var span = result.Length;
            Parallel.For(0, parts, part =>
                Scatter(relation, (T*)dp, (T*)op, a, span * part / parts, span * (part + 1) / parts, _slices[part]));
        }
    }

    /// <summary>Adds the slice of every tuple whose result offset lies in [from, to).</summary>
    private void Scatter(Relation relation, T* dense, T* result, T alpha, long from, long to, StridedLoop<T> slice)
    {
        foreach (var tuple in relation)
        {
            long denseOffset = 0, resultOffset = 0;
            for (var p = 0; p < tuple.Length; p++)
            {
                denseOffset += tuple[p] * _denseStride[p];
                resultOffset += tuple[p] * _resultStride[p];
            }
            if (resultOffset >= from && resultOffset < to)
                slice.Run(dense + denseOffset, null, result + resultOffset, alpha, assign: false);
        }
    }
}
