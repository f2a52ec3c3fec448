using System.Collections.Immutable;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// The learning rate as a function of progress. Steps count from 0 in whatever unit the caller chooses —
/// optimizer steps or epochs — and the warm-up and the step decay's period count in that same unit.
/// </summary>
/// <remarks>
/// During a linear warm-up of W steps (W &gt; 0) step s uses BaseRate × (s + 1) / W, so the first step
/// already moves (a zero rate would waste it) and step W - 1 reaches the base rate. The decay then runs
/// over the remaining steps: t = s - W of T = totalSteps - W.
/// </remarks>
public abstract record LearningRateSchedule(double BaseRate, int WarmupSteps)
{
    /// <summary>The names <see cref="FromName"/> accepts, for help text.</summary>
    public static ImmutableArray<string> Names { get; } = ["constant", "step", "cosine"];

    /// <summary>
    /// The schedule called <paramref name="name"/> ("constant", "step" or "cosine"), or null for any other
    /// name, so that the caller can report it where the name was written.
    /// </summary>
    public static LearningRateSchedule? FromName(
        string name, double baseRate, int warmupSteps = 0, int stepEvery = 1, double gamma = 0.1, double minRate = 0)
        => name switch
        {
            "constant" => new Constant(baseRate, warmupSteps),
            "step" => new Step(baseRate, stepEvery, gamma, warmupSteps),
            "cosine" => new Cosine(baseRate, minRate, warmupSteps),
            _ => null,
        };

    /// <summary>The rate for 0-based <paramref name="step"/> of <paramref name="totalSteps"/>.</summary>
    public double At(int step, int totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
            return BaseRate * (step + 1) / WarmupSteps;
        var warm = Math.Max(WarmupSteps, 0);
        return AfterWarmup(step - warm, totalSteps - warm);
    }

    /// <summary>The rate <paramref name="step"/> steps after warm-up, of <paramref name="steps"/> such steps.</summary>
    protected abstract double AfterWarmup(int step, int steps);

    /// <summary>The base rate throughout.</summary>
    public sealed record Constant(double BaseRate, int WarmupSteps = 0) : LearningRateSchedule(BaseRate, WarmupSteps)
    {
        protected override double AfterWarmup(int step, int steps) => BaseRate;
    }

    /// <summary>
    /// BaseRate × Gamma^⌊t / Every⌋: multiplied by <paramref name="Gamma"/> every <paramref name="Every"/>
    /// steps, as <c>torch.optim.lr_scheduler.StepLR</c>.
    /// </summary>
    public sealed record Step(double BaseRate, int Every, double Gamma, int WarmupSteps = 0) : LearningRateSchedule(BaseRate, WarmupSteps)
    {
        protected override double AfterWarmup(int step, int steps) =>
            BaseRate * Math.Pow(Gamma, step / Math.Max(Every, 1));
    }

    /// <summary>
    /// MinRate + (BaseRate - MinRate) × (1 + cos(π t / T)) / 2, as <c>CosineAnnealingLR</c> with
    /// T_max = T: the base rate at the first step after warm-up, falling to <paramref name="MinRate"/> at t = T.
    /// </summary>
    public sealed record Cosine(double BaseRate, double MinRate = 0, int WarmupSteps = 0) : LearningRateSchedule(BaseRate, WarmupSteps)
    {
        protected override double AfterWarmup(int step, int steps)
        {
            // With no steps left after warm-up there is nothing to anneal over.
            if (steps <= 0)
                return BaseRate;
            var progress = Math.Min(step, steps) / (double)steps;
            return MinRate + (BaseRate - MinRate) * (1 + Math.Cos(Math.PI * progress)) / 2;
        }
    }
}
