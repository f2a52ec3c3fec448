using TensorLogic.Runtime.Training;

namespace TensorLogic.Runtime.Tests.Training;

public class GradientClippingTests
{
    [Fact]
    public void The_norm_is_taken_over_all_parameters_together()
    {
        // sqrt(3² + 4² + 12²) = 13
        var parameters = Parameters([3.0, 4.0], [12.0]);
        Assert.Equal(13.0, GradientClipping.GlobalNorm(parameters));
    }

    [Fact]
    public void A_larger_norm_is_scaled_down_to_the_limit_keeping_directions()
    {
        var parameters = Parameters([3.0], [-4.0]);
        Assert.Equal(5.0, GradientClipping.ClipGlobalNorm(parameters, 1.0));
        // PyTorch's factor: max_norm / (norm + 1e-6)
        var factor = 1.0 / (5.0 + 1e-6);
        Assert.Equal(3.0 * factor, parameters[0].Gradient[0]);
        Assert.Equal(-4.0 * factor, parameters[1].Gradient[0]);
    }

    [Fact]
    public void A_norm_within_the_limit_leaves_gradients_exactly_as_they_were()
    {
        var parameters = Parameters([0.3], [0.4]);
        Assert.Equal(0.5, GradientClipping.ClipGlobalNorm(parameters, 0.5 + 1e-3), 15);
        Assert.Equal(0.3, parameters[0].Gradient[0]);
        Assert.Equal(0.4, parameters[1].Gradient[0]);
    }

    [Fact]
    public void Optimizer_step_clips_before_updating()
    {
        var parameters = Parameters([3.0], [-4.0]);
        Optimizer.Create(new OptimizerSettings(OptimizerKind.Sgd, 1) { ClipNorm = 1.0 }).Step(parameters, 1.0);
        var factor = 1.0 / (5.0 + 1e-6);
        Assert.Equal(-3.0 * factor, parameters[0].Values[0], 15);
        Assert.Equal(4.0 * factor, parameters[1].Values[0], 15);
    }

    private static Parameter[] Parameters(double[] first, double[] second) =>
    [
        new("a", [first.Length], new double[first.Length], [.. first]),
        new("b", [second.Length], new double[second.Length], [.. second]),
    ];
}
