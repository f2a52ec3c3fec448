using System.Numerics;
using System.Runtime.CompilerServices;
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
        => SoftmaxRows(x, x.Length);

    /// <summary>
    /// <see cref="Softmax{T}"/> of each consecutive <paramref name="width"/> cells of <paramref name="rows"/>
    /// (an output's classes, a row of attention weights). The exponentials of all rows are one vectorized call:
    /// rows are often short (ten classes), and five library calls a row cost more than the arithmetic. Rows
    /// narrower than <see cref="ShortRow"/> take their maximum and sum in plain loops for the same reason.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxRows<T>(Span<T> rows, int width)
        where T : IFloatingPointIeee754<T>
    {
        if (rows.IsEmpty)
            return;
        for (var start = 0; start < rows.Length; start += width)
        {
            var row = rows.Slice(start, width);
            if (width < ShortRow)
                Subtract(row, MaxOf(row));
            else
                TensorPrimitives.Subtract<T>(row, TensorPrimitives.Max<T>(row), row);
        }
        TensorPrimitives.Exp<T>(rows, rows);
        for (var start = 0; start < rows.Length; start += width)
        {
            var row = rows.Slice(start, width);
            if (width < ShortRow)
                Divide(row, SumOf(row));
            else
                TensorPrimitives.Divide<T>(row, TensorPrimitives.Sum<T>(row), row);
        }
    }

    /// <summary>Rows narrower than this are reduced in plain loops; wider ones by the vectorized library.</summary>
    private const int ShortRow = 32;

    /// <summary>The largest element, NaN if any is NaN (as <see cref="TensorPrimitives.Max{T}(ReadOnlySpan{T})"/>).</summary>
    private static T MaxOf<T>(Span<T> row)
        where T : IFloatingPointIeee754<T>
    {
        var max = row[0];
        for (var i = 1; i < row.Length; i++)
            max = T.Max(max, row[i]);
        return max;
    }

    private static void Subtract<T>(Span<T> row, T value)
        where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < row.Length; i++)
            row[i] -= value;
    }

    private static void Divide<T>(Span<T> row, T value)
        where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < row.Length; i++)
            row[i] /= value;
    }

    private static T SumOf<T>(Span<T> row)
        where T : IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        foreach (var x in row)
            sum += x;
        return sum;
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
