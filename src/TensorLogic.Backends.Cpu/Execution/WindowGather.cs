using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>
/// Fills the window of a <see cref="WindowTerm"/> (im2col): every window cell takes the source element its
/// index expressions select, or 0 where they leave the source. Each source index is one window index or the
/// sum of two (<c>x+dx</c>), so offsets and range checks are sums over the window's indices, computed per
/// row; when the window's last index is the source's last and plain (the channel of
/// <c>Img[x+dx, y+dy, c]</c>), whole rows are copied at once.
/// </summary>
internal static class WindowGather<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Fill(WindowTerm term, DenseTensor<T> source, DenseTensor<T> window)
    {
        var indices = term.Window.Indices;
        var axisOf = indices.Select((index, axis) => (index.Id, axis)).ToDictionary(x => x.Id, x => x.axis);
        // Per source position: the window axes whose values add up to its index.
        var terms = term.SourceIndices.Select(index => index switch
        {
            IrVariableIndex v => new[] { axisOf[v.Variable.Id] },
            IrArithmeticIndex { Operator: IndexOperator.Add, Left: IrVariableIndex a, Right: IrVariableIndex b } =>
                [axisOf[a.Variable.Id], axisOf[b.Variable.Id]],
            _ => throw new InvalidOperationException($"window index {index} is not a sum of window indices"),
        }).ToArray();
        var axisStride = new long[indices.Length];
        for (var p = 0; p < terms.Length; p++)
        {
            foreach (var axis in terms[p])
                axisStride[axis] += source.Strides[p];
        }
        var rowCopy = terms[^1] is [var lastAxis] && lastAxis == indices.Length - 1
            && source.Strides[^1] == 1 && source.Shape[^1] == indices[^1].Size;
        var row = rowCopy ? indices[^1].Size : 1;
        var checkedPositions = rowCopy ? terms.Length - 1 : terms.Length;
        var cell = new int[indices.Length];
        var (to, from) = (window.Data, source.Data);
        for (var offset = 0; offset < to.Length; offset += row)
        {
            long sourceOffset = 0;
            for (var a = 0; a < cell.Length; a++)
                sourceOffset += cell[a] * axisStride[a];
            var inside = true;
            for (var p = 0; p < checkedPositions && inside; p++)
            {
                var value = 0;
                foreach (var axis in terms[p])
                    value += cell[axis];
                inside = value < source.Shape[p];
            }
            if (!inside)
                to.AsSpan(offset, row).Clear();
            else if (rowCopy)
                from.AsSpan((int)sourceOffset, row).CopyTo(to.AsSpan(offset, row));
            else
                to[offset] = from[sourceOffset];
            // Next cell in row-major order (whole rows at a time when copying rows).
            for (var a = cell.Length - (rowCopy ? 2 : 1); a >= 0 && ++cell[a] == indices[a].Size; a--)
                cell[a] = 0;
        }
    }
}
