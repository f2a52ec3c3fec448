using TensorLogic.Runtime.Execution;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>
/// The obvious einsum: one loop over every binding of all of a term's indices, in double precision. An oracle
/// for terms too large for the reference engine's per-binding interpretation (10⁸ bindings of pqrs).
/// </summary>
internal static class NaiveEinsum
{
    public static double[] Evaluate(ContractionTerm term, TensorStore store)
    {
        var indices = term.Inputs.SelectMany(o => o.Indices).Concat(term.Output.Indices).Distinct().ToArray();
        var sizes = indices.Select(i => i.Size).ToArray();
        var operands = term.Inputs.Append(term.Output).ToArray();
        var data = term.Inputs.Select(o => Dense(store.Initial(o.Tensor))).ToArray();
        var output = new double[term.Output.Elements];
        // strides[o][d]: how far operand o moves when index d steps.
        var strides = operands.Select(o => indices.Select(i => Stride(o, i)).ToArray()).ToArray();
        var offsets = new long[operands.Length];
        var counter = new int[indices.Length];
        if (sizes.Any(s => s == 0))
            return output;
        var factor = term.Sign * term.Scale;
        while (true)
        {
            var product = factor;
            for (var o = 0; o < data.Length; o++)
                product *= data[o][offsets[o]];
            output[offsets[^1]] += product;
            var d = indices.Length - 1;
            for (; d >= 0; d--)
            {
                for (var o = 0; o < operands.Length; o++)
                    offsets[o] += strides[o][d];
                if (++counter[d] < sizes[d])
                    break;
                for (var o = 0; o < operands.Length; o++)
                    offsets[o] -= strides[o][d] * sizes[d];
                counter[d] = 0;
            }
            if (d < 0)
                return output;
        }
    }

    private static long Stride(IrOperand operand, IrIndex index)
    {
        var position = operand.Indices.IndexOf(index);
        if (position < 0)
            return 0;
        return operand.Indices.Skip(position + 1).Aggregate(1L, (p, i) => p * i.Size);
    }

    private static double[] Dense(TensorValue value) => value.ToDouble().Data;
}
