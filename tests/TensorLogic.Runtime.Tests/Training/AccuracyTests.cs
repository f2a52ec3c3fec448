using TensorLogic.Runtime.Training;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Tests.Training;

public sealed class AccuracyTests
{
    private static DenseTensor<double> T(int[] shape, params double[] data) => new([.. shape], data);

    [Fact]
    public void One_prediction_per_example_against_one_hot_labels()
    {
        // Arg-maxes 1, 0, 2 against labels 1, 2, 2: two of three.
        var o = T([3, 3], 0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.2, 0.3, 0.5);
        var y = T([3, 3], 0, 1, 0, 0, 0, 1, 0, 0, 1);
        Assert.Equal(2.0 / 3, Accuracy.Of(o, y), 12);
    }

    [Fact]
    public void Class_numbers_as_labels()
    {
        var o = T([2, 2], 0.9, 0.1, 0.3, 0.7);
        Assert.Equal(0.5, Accuracy.Of(o, T([2], 0, 0)));
    }

    [Fact]
    public void A_sequence_makes_one_prediction_per_token_and_padding_is_not_scored()
    {
        // Two sequences of two positions, two classes; the second sequence's last position is padding.
        var o = T([2, 2, 2], 0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.5, 0.5);
        var y = T([2, 2, 2], 1, 0, 0, 1, 0, 1, 0, 0);
        Assert.Equal(2.0 / 3, Accuracy.Of(o, y), 12);
    }

    [Fact]
    public void A_single_output_is_thresholded_at_one_half()
    {
        Assert.Equal(0.75, Accuracy.Of(T([4], 0.2, 0.7, 0.6, 0.4), T([4], 0, 1, 1, 1)));
    }
}
