using System.Collections.Immutable;
using TensorLogic.Backends.Cpu.Contraction;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Attention;

/// <summary>
/// Where the attention kernels find their operands. The score product is
/// <c>Scores[b…, p, q] = Σ_k A[b…, p, k] B[b…, q, k]</c> (<c>Query[h, p, dk] Key[h, q, dk] -> Comp[h, p, q]</c>): q last
/// in the output, one index p only A has, one summed index k, and batch indices b… that all three have, in any
/// order. The optional weighted sum is <c>Out[b…, p, v] = Σ_q Weights[b…, p, q] V[b…, q, v]</c>
/// (<c>Comp[h, p, q] Val[h, q, dv] -> Attn[h, p, dv]</c>). Strides are in elements; batch items are numbered
/// row-major over the batch indices in the score output's order, with each operand's offset listed per item.
/// </summary>
internal sealed class AttentionLayout
{
    private AttentionLayout(int batch, int rows, int columns, int depth)
    {
        (Batch, Rows, Columns, Depth) = (batch, rows, columns, depth);
    }

    public int Batch { get; }

    /// <summary>|p|: the rows of each batch item.</summary>
    public int Rows { get; }

    /// <summary>|q|: the cells of each row, along which the mask runs and softmax normalizes.</summary>
    public int Columns { get; }

    /// <summary>|k|: the summed index of the score product.</summary>
    public int Depth { get; }

    public required long[] ABatch { get; init; }
    public required long[] BBatch { get; init; }
    public required long[] ScoresBatch { get; init; }
    public required long AStrideP { get; init; }
    public required long AStrideK { get; init; }
    public required long BStrideQ { get; init; }
    public required long BStrideK { get; init; }
    public required long ScoresStrideP { get; init; }

    /// <summary>The score output's positions of the batch indices, and their sizes; then p's position (q is last).</summary>
    public required ImmutableArray<int> BatchPositions { get; init; }
    public required ImmutableArray<int> BatchSizes { get; init; }
    public required int PPosition { get; init; }

    /// <summary>|v|, and the offsets and strides of the weighted sum (absent without one).</summary>
    public int Width { get; private init; }
    public long[] VBatch { get; private init; } = [];
    public long[] OutBatch { get; private init; } = [];
    public long VStrideQ { get; private init; }
    public long VStrideV { get; private init; }
    public long OutStrideP { get; private init; }
    public long OutStrideV { get; private init; }

    public bool HasWeightedSum => Width > 0;

    /// <summary>Which input of the score product is A (the one with p); B is the other.</summary>
    public required int AInput { get; init; }

    /// <summary>The layout of a score product, its factors in either order, or null when <paramref name="scores"/> has another shape.</summary>
    public static AttentionLayout? OfScores(ContractionTerm scores) =>
        scores.Inputs.Length != 2 || scores.Inputs.Any(i => i.IsSparse) ? null : OfScores(scores, 0) ?? OfScores(scores, 1);

    private static AttentionLayout? OfScores(ContractionTerm scores, int aInput)
    {
        var (a, b, output) = (scores.Inputs[aInput].Indices, scores.Inputs[1 - aInput].Indices, scores.Output.Indices);
        if (output.Length < 2)
            return null;
        var q = output[^1];
        var ps = output.Where(i => a.Contains(i) && !b.Contains(i)).ToList();
        var ks = a.Where(i => b.Contains(i) && !output.Contains(i)).ToList();
        var batch = output.Where(i => a.Contains(i) && b.Contains(i)).ToList();
        if (ps.Count != 1 || ks.Count != 1 || a.Contains(q) || !b.Contains(q)
            || a.Length != batch.Count + 2 || b.Length != batch.Count + 2 || output.Length != batch.Count + 2)
            return null;
        var (p, k) = (ps[0], ks[0]);
        var (aLayout, bLayout, outLayout) = (new OperandLayout(a), new OperandLayout(b), new OperandLayout(output));
        return new AttentionLayout(batch.Aggregate(1, (n, i) => n * i.Size), p.Size, q.Size, k.Size)
        {
            ABatch = Offsets(batch, aLayout),
            BBatch = Offsets(batch, bLayout),
            ScoresBatch = Offsets(batch, outLayout),
            AStrideP = aLayout.StrideOf(p),
            AStrideK = aLayout.StrideOf(k),
            BStrideQ = bLayout.StrideOf(q),
            BStrideK = bLayout.StrideOf(k),
            ScoresStrideP = outLayout.StrideOf(p),
            BatchPositions = [.. batch.Select(i => output.IndexOf(i))],
            BatchSizes = [.. batch.Select(i => i.Size)],
            PPosition = output.IndexOf(p),
            AInput = aInput,
        };
    }

    /// <summary>
    /// The layout of a weighted sum whose weights are the softmax of a masked score product
    /// (<see cref="FusedInput"/>), or null when either has another shape.
    /// </summary>
    public static AttentionLayout? OfWeightedSum(ContractionTerm weighted)
    {
        if (weighted.Fused is not { Position: var position, Producer.Terms: [ContractionTerm scores] } || weighted.Inputs.Length != 2
            || weighted.Inputs.Any(i => i.IsSparse) || OfScores(scores) is not { } layout)
            return null;
        // The weights as this term reads them: its own index objects, position by position the producer's output.
        var weights = weighted.Inputs[position].Indices;
        var values = weighted.Inputs[1 - position].Indices;
        var output = weighted.Output.Indices;
        var q = weights[^1];
        var p = weights[layout.PPosition];
        var batch = layout.BatchPositions.Select(b => weights[b]).ToList();
        var vs = values.Where(i => i != q && !batch.Contains(i)).ToList();
        if (weights.Length != scores.Output.Indices.Length || vs.Count != 1 || !values.Contains(q) || values.Length != batch.Count + 2
            || output.Contains(q) || output.Length != batch.Count + 2 || !output.Contains(p) || !output.Contains(vs[0]) || !batch.All(output.Contains))
            return null;
        var v = vs[0];
        var (valueLayout, outLayout) = (new OperandLayout(values), new OperandLayout(output));
        return new AttentionLayout(layout.Batch, layout.Rows, layout.Columns, layout.Depth)
        {
            ABatch = layout.ABatch,
            BBatch = layout.BBatch,
            ScoresBatch = layout.ScoresBatch,
            AStrideP = layout.AStrideP,
            AStrideK = layout.AStrideK,
            BStrideQ = layout.BStrideQ,
            BStrideK = layout.BStrideK,
            ScoresStrideP = layout.ScoresStrideP,
            BatchPositions = layout.BatchPositions,
            BatchSizes = layout.BatchSizes,
            PPosition = layout.PPosition,
            AInput = layout.AInput,
            Width = v.Size,
            VBatch = Offsets(batch, valueLayout),
            OutBatch = Offsets(batch, outLayout),
            VStrideQ = valueLayout.StrideOf(q),
            VStrideV = valueLayout.StrideOf(v),
            OutStrideP = outLayout.StrideOf(p),
            OutStrideV = outLayout.StrideOf(v),
        };
    }

    /// <summary>The operand's offset of each batch item, items numbered row-major over <paramref name="batch"/>.</summary>
    private static long[] Offsets(IReadOnlyList<IrIndex> batch, OperandLayout layout)
    {
        var count = batch.Aggregate(1, (n, i) => n * i.Size);
        var offsets = new long[count];
        for (var item = 0; item < count; item++)
        {
            var rest = item;
            for (var j = batch.Count - 1; j >= 0; j--)
            {
                offsets[item] += rest % batch[j].Size * layout.StrideOf(batch[j]);
                rest /= batch[j].Size;
            }
        }
        return offsets;
    }
}
