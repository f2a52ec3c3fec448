using TensorLogic.Runtime.Values;
using System.Collections.Immutable;
using System.Numerics;
using System.Numerics.Tensors;
using TensorLogic.Backends.Cpu.Execution;

namespace TensorLogic.Backends.Cpu.Epilogues;

/// <summary>
/// Softmax (max-subtracted) and layer norm ((x - mean) / sqrt(var + 1e-5), population variance) over the
/// reached cells of each group, the definitions the reference's EquationEvaluator uses. Every group is
/// computed in T with TensorPrimitives, not in double like the reference, so results agree with it only to
/// T's precision (and SIMD sums add in a different order). A fully reached group whose normalized axes are
/// the trailing ones is normalized in place; any other group is first gathered into a scratch span.
/// </summary>
internal static class Normalization<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Epsilon = 1e-5;

    public static void Apply(bool softmax, DenseTensor<T> values, int[]? counts, ImmutableArray<int> axes)
    {
        var layout = GroupLayout.Of(values.Shape, axes);
        var data = values.Data;
        var size = layout.Members.Length;
        var offsets = new int[size];
        var packed = new T[size];
        foreach (var start in layout.Bases)
        {
            if (layout.IsContiguous && (counts is null || AllReached(counts.AsSpan(start, size))))
            {
                var group = data.AsSpan(start, size);
                if (softmax)
                    Softmax(group);
                else
                    LayerNorm(group);
                continue;
            }
            var reached = 0;
            foreach (var member in layout.Members)
            {
                if (counts is null || counts[start + member] > 0)
                    offsets[reached++] = start + member;
            }
            if (reached == 0)
                continue;
            // A partly reached or strided group (a causal mask, a leading axis): the unreached cells must keep
            // their values and take no part, so gather the reached ones, normalize them, scatter them back.
            var gathered = packed.AsSpan(0, reached);
            for (var i = 0; i < reached; i++)
                gathered[i] = data[offsets[i]];
            if (softmax)
                Softmax(gathered);
            else
                LayerNorm(gathered);
            for (var i = 0; i < reached; i++)
                data[offsets[i]] = gathered[i];
        }
    }

    private static bool AllReached(ReadOnlySpan<int> counts) => !counts.ContainsAnyInRange(int.MinValue, 0);

    private static void Softmax(Span<T> x)
    {
        if (x.IsEmpty)
            return;
        TensorPrimitives.Subtract<T>(x, TensorPrimitives.Max<T>(x), x);
        TensorPrimitives.Exp<T>(x, x);
        TensorPrimitives.Divide<T>(x, TensorPrimitives.Sum<T>(x), x);
    }

    private static void LayerNorm(Span<T> x)
    {
        if (x.IsEmpty)
            return;
        var n = T.CreateTruncating(x.Length);
        TensorPrimitives.Subtract<T>(x, TensorPrimitives.Sum<T>(x) / n, x);
        var variance = TensorPrimitives.SumOfSquares<T>(x) / n;
        TensorPrimitives.Multiply<T>(x, T.One / T.Sqrt(variance + T.CreateTruncating(Epsilon)), x);
    }
}
