using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// What the program's learning directives ask <c>tlc train</c> to do: minimize <see cref="Loss"/> by
/// changing the learned tensors. <see cref="Learned"/> is the <c>wrt</c> list as written; when it is empty
/// the paper's rule applies: every tensor that is neither data nor computed by an equation is learned,
/// except the <see cref="Fixed"/> ones. Running a program ignores all of this.
/// </summary>
public sealed record BoundLearning(
    TensorSymbol Loss,
    ImmutableArray<TensorSymbol> Learned,
    ImmutableArray<TensorSymbol> Fixed,
    ImmutableArray<BoundInit> Inits,
    LearningSettings Settings,
    SourceLocation Location)
{
    /// <summary>True when a <c>wrt</c> list names the learned tensors; false when the default rule picks them.</summary>
    public bool HasExplicitLearned => !Learned.IsEmpty;
}

/// <summary>
/// How one tensor starts training, from <c>init W with scheme=he, scale=0.5</c>. <see cref="Scheme"/> is
/// one of xavier, he, normal, uniform and zeros (xavier when the statement names none); <see cref="Scale"/>
/// multiplies the scheme's spread, null when not given.
/// </summary>
public sealed record BoundInit(TensorSymbol Tensor, string Scheme, double? Scale, SourceLocation Location);

/// <summary>
/// The settings of <c>learn ... with name=value, ...</c>, checked and typed. A null field was not given, so
/// that options of <c>tlc train</c> can be laid over the program's settings (<see cref="OverriddenBy"/>)
/// before the defaults fill the rest (<see cref="WithDefaults"/>). The setting names are in
/// <see cref="LearningSettingTable"/>; docs/language.md lists them with their defaults.
/// </summary>
public sealed record LearningSettings
{
    /// <summary><c>optimizer</c>: sgd, adam or adamw.</summary>
    public string? Optimizer { get; init; }

    /// <summary><c>lr</c>, greater than 0.</summary>
    public double? LearningRate { get; init; }

    /// <summary><c>momentum</c> of sgd, in [0, 1).</summary>
    public double? Momentum { get; init; }

    /// <summary><c>beta1</c> of adam and adamw, in [0, 1).</summary>
    public double? Beta1 { get; init; }

    /// <summary><c>beta2</c> of adam and adamw, in [0, 1).</summary>
    public double? Beta2 { get; init; }

    /// <summary><c>eps</c> of adam and adamw, greater than 0.</summary>
    public double? Epsilon { get; init; }

    /// <summary><c>decay</c>: weight decay, at least 0.</summary>
    public double? WeightDecay { get; init; }

    /// <summary><c>clip</c>: the largest gradient norm, greater than 0; null is no clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary><c>schedule</c> of the learning rate: constant, step or cosine.</summary>
    public string? Schedule { get; init; }

    /// <summary><c>warmup</c>: steps of linear warm-up, at least 0.</summary>
    public int? Warmup { get; init; }

    /// <summary><c>every</c>: epochs between two decays of the step schedule, at least 1.</summary>
    public int? Every { get; init; }

    /// <summary><c>gamma</c>: the step schedule's decay factor, greater than 0.</summary>
    public double? Gamma { get; init; }

    /// <summary><c>lr_min</c>: the cosine schedule's final learning rate, at least 0.</summary>
    public double? MinLearningRate { get; init; }

    /// <summary><c>epochs</c>, at least 1.</summary>
    public int? Epochs { get; init; }

    /// <summary><c>batch</c>: examples per step, at least 0; 0 is the full batch.</summary>
    public int? Batch { get; init; }

    /// <summary><c>examples</c>: the index variable that ranges over training examples.</summary>
    public string? Examples { get; init; }

    /// <summary><c>validate</c>: the fraction of examples held out, in [0, 1).</summary>
    public double? Validate { get; init; }

    /// <summary><c>seed</c> of initialization, shuffling and the validation split, at least 0.</summary>
    public int? Seed { get; init; }

    /// <summary><c>predict</c>: the tensor holding the model's predictions, for reporting accuracy.</summary>
    public TensorSymbol? Predict { get; init; }

    /// <summary><c>labels</c>: the tensor holding the targets the predictions are compared with.</summary>
    public TensorSymbol? Labels { get; init; }

    /// <summary><c>step</c>: the gradient given to step(x): zero, straight (straight-through) or sigmoid.</summary>
    public string? StepGradient { get; init; }

    /// <summary><c>temperature</c> of the sigmoid that relaxes step(x), greater than 0.</summary>
    public double? Temperature { get; init; }

    /// <summary><c>anneal</c>: the temperature reached at the last epoch, at least 0.</summary>
    public double? Anneal { get; init; }

    /// <summary>These settings with every field that <paramref name="overrides"/> gives replaced by its value.</summary>
    public LearningSettings OverriddenBy(LearningSettings overrides) => new()
    {
        Optimizer = overrides.Optimizer ?? Optimizer,
        LearningRate = overrides.LearningRate ?? LearningRate,
        Momentum = overrides.Momentum ?? Momentum,
        Beta1 = overrides.Beta1 ?? Beta1,
        Beta2 = overrides.Beta2 ?? Beta2,
        Epsilon = overrides.Epsilon ?? Epsilon,
        WeightDecay = overrides.WeightDecay ?? WeightDecay,
        ClipNorm = overrides.ClipNorm ?? ClipNorm,
        Schedule = overrides.Schedule ?? Schedule,
        Warmup = overrides.Warmup ?? Warmup,
        Every = overrides.Every ?? Every,
        Gamma = overrides.Gamma ?? Gamma,
        MinLearningRate = overrides.MinLearningRate ?? MinLearningRate,
        Epochs = overrides.Epochs ?? Epochs,
        Batch = overrides.Batch ?? Batch,
        Examples = overrides.Examples ?? Examples,
        Validate = overrides.Validate ?? Validate,
        Seed = overrides.Seed ?? Seed,
        Predict = overrides.Predict ?? Predict,
        Labels = overrides.Labels ?? Labels,
        StepGradient = overrides.StepGradient ?? StepGradient,
        Temperature = overrides.Temperature ?? Temperature,
        Anneal = overrides.Anneal ?? Anneal,
    };

    /// <summary>
    /// These settings with the documented defaults in every field that has one. Four stay null: ClipNorm (no
    /// clipping), Examples (the trainer infers the example index), Predict and Labels (nothing to compare).
    /// </summary>
    /// <summary>
    /// "name must be …" for every number out of its setting's range (settings given outside a learn statement,
    /// such as options of tlc train), checked against the same table as the statement's.
    /// </summary>
    public IEnumerable<string> OutOfRange() =>
        LearningSettingTable.Learn
            .Where(d => d.Kind is SettingKind.Real or SettingKind.Integer)
            .Select(d => (d, Value: d.Get(this)))
            .Where(p => p.Value is not null && !p.d.InRange(Convert.ToDouble(p.Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Select(p => $"{p.d.Name} must be {p.d.Requirement}, not {LearningSettingTable.Format(p.Value!)}");

    public LearningSettings WithDefaults()
    {
        var optimizer = Optimizer ?? "adam";
        var epochs = Epochs ?? 100;
        var temperature = Temperature ?? 1.0;
        return this with
        {
            Optimizer = optimizer,
            // Adam's step is normalized by the gradient's scale, so it wants a smaller rate than plain SGD.
            LearningRate = LearningRate ?? (optimizer == "sgd" ? 0.01 : 0.001),
            Momentum = Momentum ?? 0,
            Beta1 = Beta1 ?? 0.9,
            Beta2 = Beta2 ?? 0.999,
            Epsilon = Epsilon ?? 1e-8,
            WeightDecay = WeightDecay ?? 0,
            Schedule = Schedule ?? "constant",
            Warmup = Warmup ?? 0,
            // The step schedule halves the rate four times over the run unless told otherwise.
            Every = Every ?? Math.Max(1, epochs / 4),
            Gamma = Gamma ?? 0.5,
            MinLearningRate = MinLearningRate ?? 0,
            Epochs = epochs,
            Batch = Batch ?? 0,
            Validate = Validate ?? 0,
            Seed = Seed ?? 0,
            StepGradient = StepGradient ?? "zero",
            Temperature = temperature,
            // Without anneal the temperature stays where it starts.
            Anneal = Anneal ?? temperature,
        };
    }
}
