using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using TensorLogic.Backends.Cpu.Kernels;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Cpu.Attention;

/// <summary>
/// One call of an <see cref="AttentionKernel{T}"/>: the blocks of rows (8 rows of one batch item) claimed by
/// the threads one after another, costliest first, each computed start to finish in the claiming thread's
/// scratch. A batch item's keys and values are packed by the first thread that needs them.
/// </summary>
internal sealed unsafe class AttentionJob<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = AttentionTiles.Rows;

    private readonly AttentionLayout _layout;
    private readonly MaskGrid _mask;
    private readonly AttentionBuffers<T> _buffers;
    private readonly bool _normalize;
    private readonly T _factor;
    private readonly int _packedColumns;
    private readonly int _packedWidth;
    private readonly int _scoresStride;

    // V's rows are read where they lie when each is contiguous and a whole number of steps long (Val[h, q, dv], dv = 32).
    private readonly bool _valuesInPlace;
    private readonly int _blocks;
    private readonly int[] _packed;
    private readonly long[] _maskRowOfBatch;
    private readonly long _maskRowStrideP;
    private int _claimed;

    public AttentionJob(AttentionLayout layout, MaskGrid mask, AttentionBuffers<T> buffers, bool normalize, T factor, int packedColumns, int packedWidth)
    {
        (_layout, _mask, _buffers, _normalize, _factor) = (layout, mask, buffers, normalize, factor);
        (_packedColumns, _packedWidth) = (packedColumns, packedWidth);
        _scoresStride = ScoresStride(packedColumns);
        _valuesInPlace = layout.VStrideV == 1 && layout.Width == packedWidth;
        _blocks = (layout.Rows + Rows - 1) / Rows;
        _packed = new int[layout.Batch];
        (_maskRowOfBatch, _maskRowStrideP) = MaskRows(layout, mask);
    }

    public T* A { get; init; }
    public T* B { get; init; }
    public T* V { get; init; }
    public T* Scores { get; init; }
    public int* Counts { get; init; }
    public T* Output { get; init; }
    public T OutputScale { get; init; }

    public void Run(int threads)
    {
        var units = _layout.Batch * _blocks;
        var parts = Math.Min(threads, units);
        if (parts == 0)
            return;
        _buffers.EnsureParts(parts);
        var handle = GCHandle.Alloc(this);
        try
        {
            GemmThreads.Run(parts, &RunPart, (void*)GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }
    }

    private static void RunPart(void* context, int part)
    {
        var job = (AttentionJob<T>)GCHandle.FromIntPtr((nint)context).Target!;
        var units = job._layout.Batch * job._blocks;
        for (var unit = Interlocked.Increment(ref job._claimed) - 1; unit < units; unit = Interlocked.Increment(ref job._claimed) - 1)
            job.RunBlock(unit, job._buffers.Scratch(part));
    }

    /// <summary>
    /// Block <paramref name="unit"/>: batch items vary fastest and blocks run from the last (a causal mask's
    /// longest rows) down, so the threads finish together.
    /// </summary>
    private void RunBlock(int unit, T* scratch)
    {
        var item = unit % _layout.Batch;
        var p0 = (_blocks - 1 - unit / _layout.Batch) * Rows;
        var rowCount = Math.Min(Rows, _layout.Rows - p0);
        Span<int> start = stackalloc int[Rows], end = stackalloc int[Rows];
        Span<long> maskRow = stackalloc long[Rows];
        int from = int.MaxValue, to = 0;
        for (var i = 0; i < rowCount; i++)
        {
            maskRow[i] = _maskRowOfBatch[item] + (p0 + i) * _maskRowStrideP;
            (start[i], end[i]) = (_mask.RowStart[maskRow[i]], _mask.RowEnd[maskRow[i]]);
            if (end[i] > start[i])
                (from, to) = (Math.Min(from, start[i]), Math.Max(to, end[i]));
        }
        if (to == 0)
            return;
        EnsurePacked(item);
        from -= from % AttentionTiles.Step<T>();
        var scores = scratch;
        AttentionTiles.Scores(A + _layout.ABatch[item] + p0 * _layout.AStrideP, _layout.AStrideP, _layout.AStrideK, rowCount, _layout.Depth,
            _buffers.Keys + (long)item * _layout.Depth * _packedColumns, from, to, _factor, scores, _scoresStride);
        var gathered = new Span<T>(scratch + Rows * _scoresStride + Rows * _packedWidth, _packedColumns);
        for (var i = 0; i < Rows; i++)
        {
            var row = new Span<T>(scores + i * _scoresStride, _packedColumns);
            if (i < rowCount && end[i] > start[i])
                FinishRow(row, maskRow[i], start[i], end[i], gathered);
            if (Output is not null)
                ClearOutside(row, from, to, i < rowCount ? start[i] : 0, i < rowCount ? end[i] : 0);
            else if (i < rowCount && end[i] > start[i])
                AddRow(row, item, p0 + i, maskRow[i], start[i], end[i]);
        }
        if (Output is not null)
            AddWeightedSums(scores, item, p0, rowCount, from, to, scratch + Rows * _scoresStride);
    }

    /// <summary>Normalizes the row's allowed cells (already scaled); a row with holes is gathered first, its holes then cleared.</summary>
    private void FinishRow(Span<T> row, long maskRow, int start, int end, Span<T> gathered)
    {
        if (_mask.RowIsRun[maskRow])
        {
            if (_normalize)
                Normalization.Softmax<T>(row[start..end]);
            return;
        }
        var allowed = _mask.Allowed.AsSpan((int)(maskRow * _layout.Columns), _layout.Columns);
        var count = 0;
        for (var q = start; q < end; q++)
        {
            if (allowed[q] != 0)
                gathered[count++] = row[q];
        }
        if (_normalize)
            Normalization.Softmax<T>(gathered[..count]);
        count = 0;
        for (var q = start; q < end; q++)
            row[q] = allowed[q] != 0 ? gathered[count++] : T.Zero;
    }

    /// <summary>Zeroes the cells of [from, to) outside the row's allowed run, so the weighted sum over [from, to) adds nothing for them.</summary>
    private static void ClearOutside(Span<T> row, int from, int to, int start, int end)
    {
        if (end <= start)
        {
            row[from..to].Clear();
            return;
        }
        row[from..start].Clear();
        row[end..to].Clear();
    }

    /// <summary><c>scores[item, p, q] += row[q]</c> and one more reach at every allowed q.</summary>
    private void AddRow(Span<T> row, int item, int p, long maskRow, int start, int end)
    {
        var offset = _layout.ScoresBatch[item] + p * _layout.ScoresStrideP;
        var scores = new Span<T>(Scores + offset + start, end - start);
        var counts = new Span<int>(Counts + offset + start, end - start);
        if (_mask.RowIsRun[maskRow])
        {
            TensorPrimitives.Add(scores, row[start..end], scores);
            TensorPrimitives.Add(counts, 1, counts);
            return;
        }
        var allowed = _mask.Allowed.AsSpan((int)(maskRow * _layout.Columns) + start, end - start);
        for (var q = 0; q < scores.Length; q++)
        {
            if (allowed[q] == 0)
                continue;
            scores[q] += row[start + q];
            counts[q]++;
        }
    }

    /// <summary><c>output[item, p, v] += scale · Σ_q weights[p, q] V[q, v]</c> for the block's rows.</summary>
    private void AddWeightedSums(T* weights, int item, int p0, int rowCount, int from, int to, T* sums)
    {
        var values = _valuesInPlace ? V + _layout.VBatch[item] : _buffers.Values + (long)item * _layout.Columns * _packedWidth;
        var valueStride = _valuesInPlace ? _layout.VStrideQ : _packedWidth;
        AttentionTiles.Weighted(weights, _scoresStride, from, to, values, valueStride, _packedWidth, sums);
        for (var i = 0; i < rowCount; i++)
        {
            var output = Output + _layout.OutBatch[item] + (p0 + i) * _layout.OutStrideP;
            var sum = sums + i * _packedWidth;
            if (_layout.OutStrideV == 1)
            {
                var row = new Span<T>(output, _layout.Width);
                TensorPrimitives.FusedMultiplyAdd(new ReadOnlySpan<T>(sum, _layout.Width), OutputScale, row, row);
                continue;
            }
            for (var v = 0; v < _layout.Width; v++)
                output[v * _layout.OutStrideV] += OutputScale * sum[v];
        }
    }

    /// <summary>Packs the item's keys (transposed, k by q) and values (q by v), each row padded with zeros, once per call.</summary>
    private void EnsurePacked(int item)
    {
        if (Interlocked.CompareExchange(ref _packed[item], 1, 0) != 0)
        {
            var spinner = new SpinWait();
            while (Volatile.Read(ref _packed[item]) != 2)
                spinner.SpinOnce();
            return;
        }
        var layout = _layout;
        var keys = _buffers.Keys + (long)item * layout.Depth * _packedColumns;
        var step = AttentionTiles.Step<T>();
        // The last panel's columns past |q| stay zero, so a tile may run over them.
        if (layout.Columns < _packedColumns)
            new Span<T>(keys + AttentionTiles.PanelOffset<T>(_packedColumns - step, layout.Depth), step * layout.Depth).Clear();
        for (var q = 0; q < layout.Columns; q++)
        {
            var source = B + layout.BBatch[item] + q * layout.BStrideQ;
            var target = keys + AttentionTiles.PanelOffset<T>(q, layout.Depth);
            for (var k = 0; k < layout.Depth; k++)
                target[k * step] = source[k * layout.BStrideK];
        }
        if (Output is not null && !_valuesInPlace)
        {
            var values = _buffers.Values + (long)item * layout.Columns * _packedWidth;
            for (var q = 0; q < layout.Columns; q++)
            {
                var source = V + layout.VBatch[item] + q * layout.VStrideQ;
                var target = values + (long)q * _packedWidth;
                for (var v = 0; v < layout.Width; v++)
                    target[v] = source[v * layout.VStrideV];
                new Span<T>(target + layout.Width, _packedWidth - layout.Width).Clear();
            }
        }
        Volatile.Write(ref _packed[item], 2);
    }

    /// <summary>
    /// The distance between the rows of a block's scores: one vector more than their packed length, so that
    /// the 8 rows (read together, a column at a time) never fall in one cache set, as rows 4 KB apart would.
    /// </summary>
    public static int ScoresStride(int packedColumns) => packedColumns + Vector512<T>.Count;

    /// <summary>
    /// Which row of the mask grid each row (item, p) reads: the grid spans only the indices the mask mentions,
    /// so the row number adds up over the batch indices and p that it has (by a stride counted in rows).
    /// </summary>
    private static (long[] OfBatch, long StrideP) MaskRows(AttentionLayout layout, MaskGrid mask)
    {
        long RowStride(int position)
        {
            var k = mask.Axes.IndexOf(position);
            if (k < 0 || k == mask.Axes.Length - 1)
                return 0;
            long stride = 1;
            for (var j = k + 1; j < mask.Axes.Length - 1; j++)
                stride *= mask.Shape[j];
            return stride;
        }
        var ofBatch = new long[layout.Batch];
        for (var item = 0; item < layout.Batch; item++)
        {
            var rest = item;
            for (var j = layout.BatchPositions.Length - 1; j >= 0; j--)
            {
                ofBatch[item] += rest % layout.BatchSizes[j] * RowStride(layout.BatchPositions[j]);
                rest /= layout.BatchSizes[j];
            }
        }
        return (ofBatch, RowStride(layout.PPosition));
    }
}
