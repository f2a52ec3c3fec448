using System.Numerics;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Attention;

/// <summary>
/// Masked attention a block of rows at a time, every block's scores staying in cache: for 8 rows p of a
/// batch item, the scores <c>Σ_k A[p, k] B[q, k]</c> over only the columns the mask allows some of the rows
/// (a causal row p needs q ≤ p: half the product), times the term's factor, then — when the equation asks —
/// softmax over each row's allowed cells (<see cref="Runtime.Kernels.Normalization"/>'s definition), and then
/// either the rows added to the score tensor with their cells counted as reached (<see cref="AddScores"/>),
/// or the weighted sum <c>Σ_q weights[p, q] V[q, v]</c> added to an output without the score tensor ever
/// being written (<see cref="AddWeightedSum"/>, fused attention). Blocks are claimed by the threads from
/// the costliest down, so a causal mask's long rows do not end up on one thread.
/// </summary>
internal sealed unsafe class AttentionKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AttentionLayout _layout;
    private readonly bool _normalize;
    private readonly int _threads;
    private readonly int _packedColumns;
    private readonly int _packedWidth;
    private readonly (long Keys, long Values, int Scratch) _lengths;

    /// <param name="normalize">Softmax each row over its allowed cells after scaling.</param>
    /// <param name="threads">Cores to use at most (0 = all).</param>
    public AttentionKernel(AttentionLayout layout, bool normalize, int threads)
    {
        _layout = layout;
        _normalize = normalize;
        _threads = threads > 0 ? threads : Environment.ProcessorCount;
        var step = AttentionTiles.Step<T>();
        _packedColumns = RoundUp(layout.Columns, step);
        _packedWidth = RoundUp(layout.Width, step);
        _lengths = (
            Keys: (long)layout.Batch * layout.Depth * _packedColumns,
            Values: layout.HasWeightedSum ? (long)layout.Batch * layout.Columns * _packedWidth : 0,
            Scratch: AttentionTiles.Rows * (AttentionJob<T>.ScoresStride(_packedColumns) + _packedWidth) + _packedColumns);
    }

    /// <summary>Whether this machine runs the kernel's vectors natively; where not, the engine takes its general path.</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    /// <summary><c>scores[b, p, q] += rows</c> and <c>counts += 1</c> at the allowed cells; the rest stay as they are.</summary>
    public void AddScores(DenseTensor<T> a, DenseTensor<T> b, MaskGrid mask, T factor, DenseTensor<T> scores, int[] counts)
    {
        fixed (T* pa = a.Data, pb = b.Data, ps = scores.Data)
        fixed (int* pc = counts)
        {
            using var buffers = new AttentionBuffers<T>(_lengths.Keys, _lengths.Values, _lengths.Scratch);
            var job = new AttentionJob<T>(_layout, mask, buffers, _normalize, factor, _packedColumns, _packedWidth)
            {
                A = pa, B = pb, Scores = ps, Counts = pc,
            };
            job.Run(_threads);
        }
        scores.MarkChanged();
    }

    /// <summary><c>output[b, p, v] += scale · Σ_q weights[b, p, q] V[b, q, v]</c>, the weights never stored.</summary>
    public void AddWeightedSum(DenseTensor<T> a, DenseTensor<T> b, MaskGrid mask, T factor, DenseTensor<T> v, T scale, DenseTensor<T> output)
    {
        fixed (T* pa = a.Data, pb = b.Data, pv = v.Data, po = output.Data)
        {
            using var buffers = new AttentionBuffers<T>(_lengths.Keys, _lengths.Values, _lengths.Scratch);
            var job = new AttentionJob<T>(_layout, mask, buffers, _normalize, factor, _packedColumns, _packedWidth)
            {
                A = pa, B = pb, V = pv, Output = po, OutputScale = scale,
            };
            job.Run(_threads);
        }
        output.MarkChanged();
    }

    private static int RoundUp(int value, int step) => (value + step - 1) / step * step;
}
