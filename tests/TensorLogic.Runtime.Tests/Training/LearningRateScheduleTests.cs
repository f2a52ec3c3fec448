using TensorLogic.Runtime.Training;

namespace TensorLogic.Runtime.Tests.Training;

public class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(9, 0.1)]
    [InlineData(50, 0.1)]
    public void Constant_is_the_base_rate(int step, double expected)
    {
        Assert.Equal(expected, new LearningRateSchedule.Constant(0.1).At(step, 10));
    }

    [Theory]
    [InlineData(0, 0.025)] // 0.1 × 1/4
    [InlineData(1, 0.05)]
    [InlineData(3, 0.1)]
    [InlineData(4, 0.1)]
    public void Warmup_rises_linearly_and_reaches_the_base_rate_on_its_last_step(int step, double expected)
    {
        Assert.Equal(expected, new LearningRateSchedule.Constant(0.1, WarmupSteps: 4).At(step, 10), 15);
    }

    [Theory]
    [InlineData(0, 0.8)]
    [InlineData(2, 0.8)]
    [InlineData(3, 0.4)]
    [InlineData(5, 0.4)]
    [InlineData(6, 0.2)]
    [InlineData(9, 0.1)]
    public void Step_multiplies_by_gamma_every_period(int step, double expected)
    {
        Assert.Equal(expected, new LearningRateSchedule.Step(0.8, Every: 3, Gamma: 0.5).At(step, 10), 15);
    }

    [Theory]
    [InlineData(0, 0.4)]
    [InlineData(1, 0.8)]
    [InlineData(2, 0.8)] // the decay's first step
    [InlineData(4, 0.8)]
    [InlineData(5, 0.4)] // three steps after warm-up
    public void Step_decay_counts_from_the_end_of_warmup(int step, double expected)
    {
        Assert.Equal(expected, new LearningRateSchedule.Step(0.8, Every: 3, Gamma: 0.5, WarmupSteps: 2).At(step, 10), 15);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5, 0.55)]             // halfway: 0.1 + 0.9 × 1/2
    [InlineData(2, 0.9140576474687263)]  // 0.1 + 0.9 × (1 + cos(π/5)) / 2
    [InlineData(10, 0.1)]             // the end: the minimum
    [InlineData(12, 0.1)]             // past the end: stays at the minimum
    public void Cosine_falls_from_the_base_to_the_minimum(int step, double expected)
    {
        Assert.Equal(expected, new LearningRateSchedule.Cosine(1.0, MinRate: 0.1).At(step, 10), 14);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 1.0)]
    [InlineData(2, 1.0)]
    [InlineData(7, 0.5)] // 5 of the 10 steps after warm-up
    public void Cosine_anneals_over_the_steps_after_warmup(int step, double expected)
    {
        Assert.Equal(expected, new LearningRateSchedule.Cosine(1.0, WarmupSteps: 2).At(step, 12), 15);
    }

    [Fact]
    public void Cosine_with_no_steps_after_warmup_keeps_the_base_rate()
    {
        Assert.Equal(0.3, new LearningRateSchedule.Cosine(0.3, WarmupSteps: 5).At(5, 5));
    }

    [Fact]
    public void FromName_builds_each_named_schedule_with_its_parameters()
    {
        Assert.Equal(new LearningRateSchedule.Constant(0.1, 3), LearningRateSchedule.FromName("constant", 0.1, warmupSteps: 3));
        Assert.Equal(new LearningRateSchedule.Step(0.1, 5, 0.3), LearningRateSchedule.FromName("step", 0.1, stepEvery: 5, gamma: 0.3));
        Assert.Equal(new LearningRateSchedule.Cosine(0.1, 0.001, 2), LearningRateSchedule.FromName("cosine", 0.1, warmupSteps: 2, minRate: 0.001));
        Assert.Equal(["constant", "step", "cosine"], LearningRateSchedule.Names.ToArray());
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("Cosine")]
    [InlineData("")]
    public void FromName_gives_null_for_an_unknown_name(string name)
    {
        Assert.Null(LearningRateSchedule.FromName(name, 0.1));
    }
}
