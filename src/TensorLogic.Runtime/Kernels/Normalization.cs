using System.Numerics;
using System.Numerics.Tensors;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// Softmax and layer norm of one group of values, in place: the definitions every engine uses once it has
/// gathered a group's reached cells into a span.
/// </summary>
public static class Normalization
{
    /// <summary>lnorm's ε, added to the variance before the square root.</summary>
    public const double LayerNormEpsilon = Compiler.Semantics.Builtins.LayerNormEpsilon;

    public static void Apply<T>(Normalizer normalizer, Span<T> x)
        where T : IFloatingPointIeee754<T>
    {
        if (normalizer == Normalizer.Softmax)
            Softmax(x);
        else
            LayerNorm(x);
    }

    /// <summary>e^(x - max) / Σ e^(x - max): subtracting the maximum keeps exp from overflowing.</summary>
    public static void Softmax<T>(Span<T> x)
        where T : IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
            return;
        TensorPrimitives.Subtract<T>(x, TensorPrimitives.Max<T>(x), x);
        TensorPrimitives.Exp<T>(x, x);
        TensorPrimitives.Divide<T>(x, TensorPrimitives.Sum<T>(x), x);
    }

    /// <summary>(x - mean) / sqrt(var + ε) with the population variance; no gain or bias.</summary>
    public static void LayerNorm<T>(Span<T> x)
        where T : IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
            return;
        var n = T.CreateTruncating(x.Length);
        TensorPrimitives.Subtract<T>(x, TensorPrimitives.Sum<T>(x) / n, x);
        var variance = TensorPrimitives.SumOfSquares<T>(x) / n;
        TensorPrimitives.Multiply<T>(x, T.One / T.Sqrt(variance + T.CreateTruncating(LayerNormEpsilon)), x);
    }
}
