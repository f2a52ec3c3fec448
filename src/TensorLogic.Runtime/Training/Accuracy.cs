using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Training;

/// <summary>The share of examples whose prediction matches the label: the arg-max class, or a 0/1 output thresholded at 1/2.</summary>
public static class Accuracy
{
    public static double Of(DenseTensor<double> predicted, DenseTensor<double> labels)
    {
        var examples = predicted.Shape.IsEmpty ? 1 : predicted.Shape[0];
        var classes = predicted.Shape.Skip(1).Aggregate(1, (a, s) => a * s);
        var labelWidth = labels.Shape.Skip(1).Aggregate(1, (a, s) => a * s);
        var right = 0;
        for (var e = 0; e < examples; e++)
        {
            var p = predicted.Data.AsSpan(e * classes, classes);
            var l = labels.Data.AsSpan(e * labelWidth, labelWidth);
            bool correct = classes == 1
                ? p[0] > 0.5 == l[0] > 0.5
                : labelWidth == 1 ? ArgMax(p) == (int)Math.Round(l[0]) : ArgMax(p) == ArgMax(l);
            right += correct ? 1 : 0;
        }
        return examples == 0 ? 0 : right / (double)examples;
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }
}
