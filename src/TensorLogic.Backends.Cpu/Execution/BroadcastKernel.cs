using TensorLogic.Runtime.Values;
using System.Numerics;
using System.Numerics.Tensors;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>
/// <c>values[o] += scale · input[o restricted to the input's indices]</c>. When the input's indices are the
/// trailing indices of the output in the same order (a bias over the last axis), each output row gets one
/// vectorized multiply-add; otherwise a strided walk over the output.
/// </summary>
internal static class BroadcastKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Add(DenseTensor<T> input, BroadcastTerm term, DenseTensor<T> values)
    {
        var scale = T.CreateChecked(term.Sign * term.Scale);
        var output = term.Output.Indices;
        var inputIndices = term.Input.Indices;
        var suffix = output.Length - inputIndices.Length;
        if (output.Skip(suffix).SequenceEqual(inputIndices))
        {
            var row = input.Data.AsSpan();
            for (var start = 0; start < values.Length; start += row.Length)
                TensorPrimitives.MultiplyAdd(row, scale, (ReadOnlySpan<T>)values.Data.AsSpan(start, row.Length), values.Data.AsSpan(start, row.Length));
            return;
        }
        // The input's stride along each output axis (0 where the input lacks the index).
        var strides = output.Select(i => inputIndices.IndexOf(i) is var p and >= 0 ? input.Strides[p] : 0L).ToArray();
        var cell = new int[output.Length];
        var (to, from) = (values.Data, input.Data);
        for (var offset = 0; offset < to.Length; offset++)
        {
            long source = 0;
            for (var p = 0; p < cell.Length; p++)
                source += cell[p] * strides[p];
            to[offset] += scale * from[source];
            for (var p = cell.Length - 1; p >= 0 && ++cell[p] == values.Shape[p]; p--)
                cell[p] = 0;
        }
    }
}
