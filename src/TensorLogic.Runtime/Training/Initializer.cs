using System.Collections.Immutable;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// Fills a learned tensor with its initial values. A weight <c>W[o, i]</c> as used in
/// <c>Y[o] = W[o, i] X[i]</c> has its output axis first, as in PyTorch, so for rank ≥ 2:
/// receptive = product(shape[2..]), fan_in = shape[1] × receptive (= product(shape[1..])) and
/// fan_out = shape[0] × receptive — exactly <c>torch.nn.init._calculate_fan_in_and_fan_out</c>.
/// </summary>
/// <remarks>
/// A tensor of rank 0 or 1 has no input and output axes. <see cref="DefaultFor"/> gives it zeros, as for a
/// bias; asked explicitly for Xavier or He it takes fan_in = fan_out = its element count (1 for a scalar),
/// where PyTorch refuses, so that such a request still gives a finite, sensible bound.
/// </remarks>
public static class Initializer
{
    /// <summary>Zeros for rank 0 and 1 (biases, scalars), Xavier for anything with input and output axes.</summary>
    public static InitSpec DefaultFor(ImmutableArray<int> shape) =>
        new(shape.Length <= 1 ? InitScheme.Zeros : InitScheme.Xavier);

    /// <summary>
    /// Overwrites every element of <paramref name="values"/> (row-major, length = product of
    /// <paramref name="shape"/>) with a draw from <paramref name="spec"/>, in element order.
    /// </summary>
    public static void Fill(double[] values, ImmutableArray<int> shape, InitSpec spec, TrainingRandom random)
    {
        CheckLength(values.Length, shape);
        var (fanIn, fanOut) = Fans(shape);
        switch (spec.Scheme)
        {
            case InitScheme.Xavier:
                FillUniform(values, (spec.Scale ?? 1.0) * Math.Sqrt(6.0 / (fanIn + fanOut)), random);
                break;
            case InitScheme.He:
                FillNormal(values, (spec.Scale ?? 1.0) * Math.Sqrt(2.0 / fanIn), random);
                break;
            case InitScheme.Normal:
                FillNormal(values, spec.Scale ?? 0.01, random);
                break;
            case InitScheme.Uniform:
                FillUniform(values, spec.Scale ?? 0.05, random);
                break;
            case InitScheme.Zeros:
                Array.Clear(values);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Scheme, "unknown initialization scheme");
        }
    }

    /// <summary>(fan_in, fan_out) by the conventions in the class summary.</summary>
    public static (double FanIn, double FanOut) Fans(ImmutableArray<int> shape)
    {
        if (shape.Length <= 1)
        {
            double count = shape.Length == 0 ? 1 : shape[0];
            return (count, count);
        }
        double receptive = 1;
        for (var axis = 2; axis < shape.Length; axis++)
            receptive *= shape[axis];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    private static void FillUniform(double[] values, double bound, TrainingRandom random)
    {
        for (var i = 0; i < values.Length; i++)
            values[i] = bound * (2.0 * random.NextDouble() - 1.0);
    }

    private static void FillNormal(double[] values, double deviation, TrainingRandom random)
    {
        for (var i = 0; i < values.Length; i++)
            values[i] = deviation * random.NextNormal();
    }

    private static void CheckLength(int length, ImmutableArray<int> shape)
    {
        long expected = 1;
        foreach (var n in shape)
            expected *= n;
        if (expected != length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] has {expected} elements but {length} values were given", "values");
    }
}
