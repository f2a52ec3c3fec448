using TensorLogic.Runtime.Training;

namespace TensorLogic.Runtime.Tests.Training;

/// <summary>One-element parameters and gradient 0.5, with each expected value worked out in a comment.</summary>
public class OptimizerTests
{
    [Fact]
    public void Plain_sgd_steps_against_the_gradient()
    {
        // 1 - 0.1 × 0.5 = 0.95, then 0.95 - 0.05 = 0.9
        TrainingAssert.Close([0.95, 0.9], Run(new OptimizerSettings(OptimizerKind.Sgd, 0.1), steps: 2), Tolerance);
    }

    [Fact]
    public void Sgd_momentum_starts_its_buffer_at_the_first_gradient()
    {
        // b = 0.5, p = 1 - 0.05 = 0.95; b = 0.9·0.5 + 0.5 = 0.95, p = 0.95 - 0.095 = 0.855;
        // b = 0.9·0.95 + 0.5 = 1.355, p = 0.855 - 0.1355 = 0.7195
        var settings = new OptimizerSettings(OptimizerKind.Sgd, 0.1) { Momentum = 0.9 };
        TrainingAssert.Close([0.95, 0.855, 0.7195], Run(settings, steps: 3), Tolerance);
    }

    [Fact]
    public void Sgd_nesterov_looks_ahead_along_the_buffer()
    {
        // b = 0.5, d = 0.5 + 0.9·0.5 = 0.95, p = 1 - 0.095 = 0.905;
        // b = 0.95, d = 0.5 + 0.9·0.95 = 1.355, p = 0.905 - 0.1355 = 0.7695
        var settings = new OptimizerSettings(OptimizerKind.Sgd, 0.1) { Momentum = 0.9, Nesterov = true };
        TrainingAssert.Close([0.905, 0.7695], Run(settings, steps: 2), Tolerance);
    }

    [Fact]
    public void Sgd_weight_decay_adds_the_weights_to_the_gradient()
    {
        // d = 0.5 + 0.1·1 = 0.6, p = 1 - 0.06 = 0.94; d = 0.5 + 0.094 = 0.594, p = 0.94 - 0.0594 = 0.8806
        var settings = new OptimizerSettings(OptimizerKind.Sgd, 0.1) { WeightDecay = 0.1 };
        TrainingAssert.Close([0.94, 0.8806], Run(settings, steps: 2), Tolerance);
    }

    [Fact]
    public void Adam_moves_by_about_the_learning_rate_thanks_to_bias_correction()
    {
        // Step 1: m = 0.05, v = 0.00025, m̂ = 0.5, sqrt(v̂) = 0.5: p = 1 - 0.1 × 0.5 / (0.5 + 1e-8).
        // Step 2: m = 0.095, v = 0.00049975; m̂ = 0.095 / 0.19 = 0.5, v̂ = 0.00049975 / 0.001999 = 0.25: the same move.
        var move = 0.1 * 0.5 / (0.5 + 1e-8);
        TrainingAssert.Close([1 - move, 1 - 2 * move], Run(new OptimizerSettings(OptimizerKind.Adam, 0.1), steps: 2), Tolerance);
    }

    [Fact]
    public void Adam_weight_decay_is_l2_in_the_gradient()
    {
        // g = 0.5 + 0.1·1 = 0.6, so m̂ = 0.6 and sqrt(v̂) = 0.6: p = 1 - 0.1 × 0.6 / (0.6 + 1e-8)
        var settings = new OptimizerSettings(OptimizerKind.Adam, 0.1) { WeightDecay = 0.1 };
        TrainingAssert.Close([1 - 0.1 * 0.6 / (0.6 + 1e-8)], Run(settings, steps: 1), Tolerance);
    }

    [Fact]
    public void AdamW_decays_the_weights_before_an_adam_step_on_the_raw_gradient()
    {
        // p = 1 × (1 - 0.1·0.1) = 0.99, then the Adam step of gradient 0.5: 0.99 - 0.1 × 0.5 / (0.5 + 1e-8)
        var settings = new OptimizerSettings(OptimizerKind.AdamW, 0.1) { WeightDecay = 0.1 };
        TrainingAssert.Close([0.99 - 0.1 * 0.5 / (0.5 + 1e-8)], Run(settings, steps: 1), Tolerance);
    }

    [Fact]
    public void Step_uses_the_rate_it_is_given_not_the_base_rate()
    {
        var parameter = new Parameter("w", [1], [1.0], [0.5]);
        Optimizer.Create(new OptimizerSettings(OptimizerKind.Sgd, 100)).Step([parameter], 0.2);
        Assert.Equal(0.9, parameter.Values[0], Tolerance);
    }

    [Fact]
    public void Each_parameter_keeps_its_own_state()
    {
        // Two parameters with the same name: state follows the object, so b's first step starts b's buffer.
        var optimizer = Optimizer.Create(new OptimizerSettings(OptimizerKind.Sgd, 0.1) { Momentum = 0.9 });
        var a = new Parameter("w", [1], [1.0], [0.5]);
        optimizer.Step([a], 0.1);
        var b = new Parameter("w", [1], [1.0], [0.5]);
        optimizer.Step([a, b], 0.1);
        Assert.Equal(0.855, a.Values[0], Tolerance);
        Assert.Equal(0.95, b.Values[0], Tolerance);
    }

    [Fact]
    public void Create_gives_the_kind_asked_for()
    {
        Assert.IsType<SgdOptimizer>(Optimizer.Create(new OptimizerSettings(OptimizerKind.Sgd, 0.1)));
        Assert.IsType<AdamOptimizer>(Optimizer.Create(new OptimizerSettings(OptimizerKind.AdamW, 0.1)));
    }

    [Theory]
    [InlineData(-0.1, 0, false, "the learning rate must be at least 0, not -0.1")]
    [InlineData(0.1, 0, true, "Nesterov momentum needs a momentum greater than 0")]
    [InlineData(0.1, -1, false, "the momentum must be at least 0, not -1")]
    public void Unusable_settings_are_described_and_refused(double rate, double momentum, bool nesterov, string problem)
    {
        var settings = new OptimizerSettings(OptimizerKind.Sgd, rate) { Momentum = momentum, Nesterov = nesterov };
        Assert.Equal(problem, settings.Problem());
        Assert.StartsWith(problem, Assert.Throws<ArgumentException>(() => Optimizer.Create(settings)).Message);
    }

    [Fact]
    public void Betas_outside_the_unit_interval_are_a_problem()
    {
        Assert.Equal("beta2 must be in [0, 1), not 1", new OptimizerSettings(OptimizerKind.Adam, 0.1) { Beta2 = 1 }.Problem());
        Assert.Null(new OptimizerSettings(OptimizerKind.Adam, 0.1).Problem());
    }

    [Fact]
    public void A_gradient_of_the_wrong_length_is_a_bug()
    {
        Assert.Throws<ArgumentException>(() => new Parameter("w", [2], [1.0, 2.0], [0.5]));
        Assert.Throws<ArgumentException>(() => new Parameter("w", [3], [1.0, 2.0]));
    }

    private const double Tolerance = 1e-15;

    /// <summary>The value of a one-element parameter from 1.0 after each step with gradient 0.5.</summary>
    private static double[] Run(OptimizerSettings settings, int steps)
    {
        var optimizer = Optimizer.Create(settings);
        var parameter = new Parameter("w", [1], [1.0]);
        var trace = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            parameter.Gradient[0] = 0.5;
            optimizer.Step([parameter], settings.LearningRate);
            trace[step] = parameter.Values[0];
        }
        return trace;
    }
}
