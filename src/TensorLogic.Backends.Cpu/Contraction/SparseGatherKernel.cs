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
    private readonly long _groupSpan;

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
        // Tuples may scatter into the same cells, so threads split the result, not the tuples: each takes the
        // tuples whose slices land in its part of the result (one slice loop per thread; see GatherOrder).
        var free = dense.Indices.Where(i => !relation.Indices.Contains(i)).ToList();
        _sliceElements = free.Aggregate(1L, (a, i) => a * i.Size);
        // Tuples are grouped by result offset in steps of a slice when slices are contiguous blocks (rows of
        // Agg[n, d]); otherwise slices interleave and each offset is its own group.
        var extent = free.Aggregate(1L, (a, i) => a + (i.Size - 1) * resultLayout.StrideOf(i));
        _groupSpan = extent == _sliceElements ? Math.Max(1, _sliceElements) : 1;
        var parts = Math.Max(1, Environment.ProcessorCount);
        _slices = [.. Enumerable.Range(0, parts).Select(_ => StridedLoop<T>.Create(free, resultLayout, denseLayout, null, threads: 1))];
    }

    private const long ParallelWork = 1 << 16;

    private GatherOrder? _order;

    public void Run(in StepInput<T> left, in StepInput<T> right, DenseTensor<T> result, T alpha, bool accumulate)
    {
        var relation = (_relationOnLeft ? left : right).RequireRelation(_relationSizes);
        var dense = (_relationOnLeft ? right : left).RequireDense();
        if (dense.Length != _denseElements)
            throw new InvalidOperationException("a dense operand does not match its indices");
        if (!accumulate)
            result.Clear();
        var parts = relation.Count * _sliceElements >= ParallelWork ? _slices.Length : 1;
        if (_order is null || !_order.Describes(relation) || _order.PartStarts.Length != parts + 1)
            _order = GatherOrder.Build(relation, _denseStride, _resultStride, result.Length, _groupSpan, parts);
        var order = _order;
        fixed (T* d = dense.Data, o = result.Data)
        {
            if (parts == 1)
            {
                Scatter(order, 0, (T*)d, (T*)o, alpha);
                return;
            }
            var (dp, op, a) = ((nint)d, (nint)o, alpha);
            Parallel.For(0, parts, part => Scatter(order, part, (T*)dp, (T*)op, a));
        }
    }

    /// <summary>Adds the slices of one part's tuples, in result order.</summary>
    private void Scatter(GatherOrder order, int part, T* dense, T* result, T alpha)
    {
        var slice = _slices[part];
        var (denseOffsets, resultOffsets) = (order.DenseOffsets, order.ResultOffsets);
        for (var t = order.PartStarts[part]; t < order.PartStarts[part + 1]; t++)
            slice.Run(dense + denseOffsets[t], null, result + resultOffsets[t], alpha, assign: false);
    }
}
