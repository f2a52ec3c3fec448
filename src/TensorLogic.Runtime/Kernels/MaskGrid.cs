using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// Which cells of a masked contraction every mask allows (its relations and its conditions, such as the
/// causal <c>Pos(q) Pos(p) [q &lt;= p]</c> of <c>Comp[h, p, q.]</c>), as one 0/1 byte per cell of a grid over
/// only the output indices the masks mention and the output's last index: for the causal mask a p × q grid,
/// the same for every head. Each grid row (a run along the last index) also records where its allowed cells
/// lie, so that a kernel can skip what precedes and follows them: row p of the causal mask is q in [0, p].
/// This is the one definition of a mask that every engine's masked kernel uses.
/// </summary>
public sealed class MaskGrid
{
    private byte[]? _allowed;

    private MaskGrid(ImmutableArray<int> axes, ImmutableArray<int> shape, int rows)
    {
        Axes = axes;
        Shape = shape;
        RowStart = new int[rows];
        RowEnd = new int[rows];
        RowIsRun = new bool[rows];
    }

    /// <summary>The output positions the grid spans, ascending; the last is always the output's last position.</summary>
    public ImmutableArray<int> Axes { get; }

    /// <summary>The sizes of <see cref="Axes"/>.</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>
    /// 1 where every mask holds, row-major over <see cref="Axes"/>. A grid whose rows are all runs is built
    /// from the runs alone, and this array only when asked for: a causal mask over 1024 positions would
    /// otherwise touch a fresh megabyte per session.
    /// </summary>
    public byte[] Allowed => _allowed ??= FromRuns();

    /// <summary>Per grid row: the first allowed cell along the last index (0 for a row with none).</summary>
    public int[] RowStart { get; }

    /// <summary>Per grid row: one past the last allowed cell (0 for a row with none, so the row is empty).</summary>
    public int[] RowEnd { get; }

    /// <summary>Per grid row: whether every cell in [<see cref="RowStart"/>, <see cref="RowEnd"/>) is allowed.</summary>
    public bool[] RowIsRun { get; }

    /// <summary>The grid of <paramref name="term"/>'s masks, <paramref name="relations"/> being the values of its mask relations in order.</summary>
    public static MaskGrid Build(ContractionTerm term, IReadOnlyList<Relation> relations)
    {
        var output = term.Output.Indices;
        var mentioned = term.Masks.SelectMany(m => m.Indices)
            .Concat(term.Conditions.SelectMany(c => c.Variables()))
            .Append(output[^1])
            .ToHashSet();
        var axes = Enumerable.Range(0, output.Length).Where(a => mentioned.Contains(output[a])).ToImmutableArray();
        var gridIndices = axes.Select(a => output[a]).ToImmutableArray();
        var shape = gridIndices.Select(i => i.Size).ToImmutableArray();
        var width = shape[^1];
        var grid = new MaskGrid(axes, shape, width == 0 ? 0 : shape.Aggregate(1, (a, s) => a * s) / width);
        // Relations that hold every tuple clear nothing; ranges (q <= p, a condition without q) keep each row a run.
        var relevant = Enumerable.Range(0, relations.Count).Where(m => !MaskRelation.HoldsEverything(term.Masks[m].Indices, relations[m])).ToList();
        if (relevant.Count == 0 && term.Conditions.All(c => MaskConditions.KeepsRuns(c, gridIndices[^1])))
        {
            Array.Fill(grid.RowEnd, width);
            foreach (var condition in term.Conditions)
                MaskConditions.Narrow(grid.RowStart, grid.RowEnd, gridIndices, condition);
            grid.DescribeRuns();
            return grid;
        }
        var allowed = new byte[shape.Aggregate(1, (a, s) => a * s)];
        Array.Fill(allowed, (byte)1);
        foreach (var m in relevant)
            MaskRelation.Apply(allowed, gridIndices, term.Masks[m].Indices, relations[m]);
        foreach (var condition in term.Conditions)
            MaskConditions.Apply(allowed, gridIndices, condition);
        grid._allowed = allowed;
        for (var r = 0; r < grid.RowStart.Length; r++)
            grid.DescribeRow(r, allowed.AsSpan(r * width, width));
        return grid;
    }

    /// <summary>The grid broadcast over every output cell: one 0/1 byte per cell of <paramref name="shape"/>.</summary>
    public byte[] Expand(ImmutableArray<int> shape)
    {
        var full = new byte[shape.Aggregate(1, (a, s) => a * s)];
        var strideOfAxis = new long[shape.Length];
        long stride = 1;
        for (var k = Axes.Length - 1; k >= 0; k--)
        {
            strideOfAxis[Axes[k]] = stride;
            stride *= Shape[k];
        }
        // An odometer over the output's cells that moves the grid offset along: no division per cell.
        var cell = new int[shape.Length];
        long gridOffset = 0;
        for (var i = 0; i < full.Length; i++)
        {
            full[i] = Allowed[gridOffset];
            for (var a = cell.Length - 1; a >= 0; a--)
            {
                gridOffset += strideOfAxis[a];
                if (++cell[a] < shape[a])
                    break;
                gridOffset -= strideOfAxis[a] * cell[a];
                cell[a] = 0;
            }
        }
        return full;
    }

    /// <summary>Rows narrowed to [start, end): every one a run, an empty one set to [0, 0).</summary>
    private void DescribeRuns()
    {
        for (var r = 0; r < RowStart.Length; r++)
        {
            if (RowEnd[r] <= RowStart[r])
                (RowStart[r], RowEnd[r]) = (0, 0);
            else
                RowIsRun[r] = true;
        }
    }

    private byte[] FromRuns()
    {
        var width = Shape[^1];
        var allowed = new byte[RowStart.Length * width];
        for (var r = 0; r < RowStart.Length; r++)
            allowed.AsSpan(r * width + RowStart[r], RowEnd[r] - RowStart[r]).Fill(1);
        return allowed;
    }

    private void DescribeRow(int r, ReadOnlySpan<byte> row)
    {
        var start = row.IndexOf((byte)1);
        if (start < 0)
            return;
        var end = row.LastIndexOf((byte)1) + 1;
        RowStart[r] = start;
        RowEnd[r] = end;
        RowIsRun[r] = !row[start..end].Contains((byte)0);
    }
}
