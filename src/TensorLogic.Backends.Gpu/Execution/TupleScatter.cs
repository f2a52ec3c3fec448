using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// A contraction step with one relation operand, by its tuples (<see cref="ScatterKernels.Scatter"/>):
/// <c>EmbX[p, d] = X(p, t) Emb[t, d]</c> adds row Emb[t, :] to EmbX[p, :] for each tuple (p, t), and a relation
/// alone (<c>Deg[x] = R(x, y)</c>) adds 1 per tuple. Work is linear in the tuples, whatever the relation's shape,
/// so a graph of millions of nodes is never made dense.
/// </summary>
internal sealed class TupleScatter
{
    /// <summary>Launches cover at most this many (tuple, element) pairs at once; each thread strides over the rest.</summary>
    private const int MaxThreads = 1 << 22;

    private readonly IrOperand _relation;
    private readonly IrOperand? _dense;
    private readonly long[] _layout;
    private readonly int _sliceRank;
    private readonly long _sliceElements;

    private TupleScatter(IrOperand relation, IrOperand? dense, long[] layout, int sliceRank, long sliceElements)
    {
        _relation = relation;
        _dense = dense;
        _layout = layout;
        _sliceRank = sliceRank;
        _sliceElements = sliceElements;
    }

    /// <summary>The scatter of a step with exactly one relation operand, or null (two relations, or none).</summary>
    public static TupleScatter? For(ContractionStep step)
    {
        var (left, right, result) = (step.Left, step.Right, step.Result);
        if (right is null ? !left.IsSparse : left.IsSparse == right.IsSparse)
            return null;
        var (relation, dense) = left.IsSparse ? (left, right) : (right!, left);
        var free = dense?.Indices.Distinct().Where(i => !relation.Indices.Contains(i)).ToList() ?? [];
        long[] layout =
        [
            .. relation.Indices.Select(i => GpuContraction.StrideOf(dense, i)),
            .. relation.Indices.Select(i => GpuContraction.StrideOf(result, i)),
            .. free.Select(i => (long)i.Size),
            .. free.Select(i => GpuContraction.StrideOf(dense, i)),
            .. free.Select(i => GpuContraction.StrideOf(result, i)),
        ];
        return new TupleScatter(relation, dense, layout, free.Count, free.Aggregate(1L, (a, i) => a * i.Size));
    }

    /// <summary>The relation whose tuples drive the step.</summary>
    public IrOperand Relation => _relation;

    public string Description => $"one thread per (tuple, element) pair, {_sliceElements:N0} elements a tuple, atomic adds";

    /// <summary><c>result (+)= scale · Σ relation · dense</c>; the result is cleared first unless <paramref name="accumulate"/>.</summary>
    public void Run(DeviceFrame frame, ArrayView<float> dense, ArrayView<float> result, long resultElements, float scale, bool accumulate)
    {
        if (!accumulate)
            result.SubView(0, resultElements).MemSetToZero(frame.Stream);
        var (tuples, count) = frame.Tuples(_relation.Tensor);
        var total = count * _sliceElements;
        if (total == 0)
            return;
        var threads = (int)Math.Min(total, MaxThreads);
        frame.Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<int>, int, long, ArrayView<float>, ArrayView<float>, ArrayView<long>, int, long, float, int>>(Kernel)(
            frame.Stream, threads, tuples, _relation.Indices.Length, count, dense, result,
            frame.Constant(_layout, "a scatter layout"), _sliceRank, _sliceElements, scale, threads);
    }

    private static readonly System.Reflection.MethodInfo Kernel = typeof(ScatterKernels).GetMethod(nameof(ScatterKernels.Scatter))!;
}
