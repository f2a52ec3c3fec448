using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Kernels;

/// <summary>Clears the cells of a <see cref="MaskGrid"/> where one mask relation (<c>Before(q, p)</c>, <c>Pos(q)</c>) does not hold.</summary>
internal static class MaskRelation
{
    /// <summary>Whether the relation holds every tuple its indices allow (Pos of every position): it then clears nothing.</summary>
    public static bool HoldsEverything(ImmutableArray<IrIndex> relationIndices, Relation relation) =>
        relation.Count == relationIndices.Aggregate(1L, (a, i) => a * i.Size);

    /// <param name="allowed">The grid, row-major over <paramref name="gridIndices"/>.</param>
    /// <param name="relationIndices">The output indices the relation is read at, all among <paramref name="gridIndices"/>.</param>
    public static void Apply(byte[] allowed, ImmutableArray<IrIndex> gridIndices, ImmutableArray<IrIndex> relationIndices, Relation relation)
    {
        if (HoldsEverything(relationIndices, relation))
            return;
        var size = relationIndices.Aggregate(1L, (a, i) => a * i.Size);
        // The relation as a dense 0/1 array over its own indices first, then read along the grid's rows.
        var relationStrides = new long[relationIndices.Length];
        long stride = 1;
        for (var k = relationIndices.Length - 1; k >= 0; k--)
        {
            relationStrides[k] = stride;
            stride *= relationIndices[k].Size;
        }
        var present = new byte[size];
        foreach (var tuple in relation)
        {
            long offset = 0;
            for (var k = 0; k < tuple.Length; k++)
                offset += tuple[k] * relationStrides[k];
            present[offset] = 1;
        }
        var strideOfAxis = gridIndices.Select(i => relationIndices.IndexOf(i) is var k and >= 0 ? relationStrides[k] : 0L).ToArray();
        var width = gridIndices[^1].Size;
        if (width == 0)
            return;
        // An odometer over the grid's rows that moves the relation's offset along: no division per cell.
        var row = new int[gridIndices.Length - 1];
        long rowOffset = 0;
        for (var start = 0; start < allowed.Length; start += width)
        {
            AndRow(allowed.AsSpan(start, width), present, rowOffset, strideOfAxis[^1]);
            for (var a = row.Length - 1; a >= 0; a--)
            {
                rowOffset += strideOfAxis[a];
                if (++row[a] < gridIndices[a].Size)
                    break;
                rowOffset -= strideOfAxis[a] * row[a];
                row[a] = 0;
            }
        }
    }

    /// <summary>Clears the row's cells x where the relation lacks the tuple at <c>rowOffset + x · stride</c>.</summary>
    private static void AndRow(Span<byte> cells, byte[] present, long rowOffset, long stride)
    {
        if (stride == 0)
        {
            if (present[rowOffset] == 0)
                cells.Clear();
            return;
        }
        if (stride == 1)
        {
            System.Numerics.Tensors.TensorPrimitives.BitwiseAnd(cells, present.AsSpan((int)rowOffset, cells.Length), cells);
            return;
        }
        for (var x = 0; x < cells.Length; x++)
            cells[x] &= present[rowOffset + x * stride];
    }
}
