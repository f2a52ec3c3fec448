using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Kernels;

/// <summary>Clears the cells of a <see cref="MaskGrid"/> where one mask relation (<c>Before(q, p)</c>, <c>Pos(q)</c>) does not hold.</summary>
internal static class MaskRelation
{
    /// <param name="allowed">The grid, row-major over <paramref name="gridIndices"/>.</param>
    /// <param name="relationIndices">The output indices the relation is read at, all among <paramref name="gridIndices"/>.</param>
    public static void Apply(byte[] allowed, ImmutableArray<IrIndex> gridIndices, ImmutableArray<IrIndex> relationIndices, Relation relation)
    {
        // The relation as a dense 0/1 array over its own indices first, then read along the grid's cells.
        var relationStrides = new long[relationIndices.Length];
        long size = 1;
        for (var k = relationIndices.Length - 1; k >= 0; k--)
        {
            relationStrides[k] = size;
            size *= relationIndices[k].Size;
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
        // An odometer over the grid that moves the relation's offset along: no division per cell.
        var cell = new int[gridIndices.Length];
        long presentOffset = 0;
        for (var i = 0; i < allowed.Length; i++)
        {
            allowed[i] &= present[presentOffset];
            for (var a = cell.Length - 1; a >= 0; a--)
            {
                presentOffset += strideOfAxis[a];
                if (++cell[a] < gridIndices[a].Size)
                    break;
                presentOffset -= strideOfAxis[a] * cell[a];
                cell[a] = 0;
            }
        }
    }
}
