using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// The share of predictions that match their labels. The prediction's last index holds the classes and
/// its arg-max is the prediction; every other index (the example, and positions of a sequence) makes one
/// prediction each: <c>O[e, c]</c> one per example, <c>O[e, p, c]</c> one per token. Labels are one-hot
/// of the same shape (a row of zeros, such as padding, is not scored) or class numbers without the last
/// index. A prediction with no class index is a 0/1 output thresholded at 1/2.
/// </summary>
public static class Accuracy
{
    public static double Of(DenseTensor<double> predicted, DenseTensor<double> labels)
    {
        var count = predicted.Shape.Aggregate(1, (a, s) => a * s);
        var oneClass = predicted.Rank <= 1;
        var classes = oneClass ? 1 : predicted.Shape[^1];
        var oneHot = labels.Rank == predicted.Rank && !oneClass;
        int right = 0, scored = 0;
        for (var g = 0; g < count / classes; g++)
        {
            var p = predicted.Data.AsSpan(g * classes, classes);
            bool correct;
            if (oneClass)
                correct = p[0] > 0.5 == labels.Data[g] > 0.5;
            else if (oneHot)
            {
                var l = labels.Data.AsSpan(g * classes, classes);
                if (!l.ContainsAnyExcept(0.0))
                    continue;
                correct = ArgMax(p) == ArgMax(l);
            }
            else
                correct = ArgMax(p) == (int)Math.Round(labels.Data[g]);
            scored++;
            right += correct ? 1 : 0;
        }
        return scored == 0 ? 0 : right / (double)scored;
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
