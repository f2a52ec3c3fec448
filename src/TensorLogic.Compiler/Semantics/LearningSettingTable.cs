using System.Collections.Immutable;
using System.Globalization;

namespace TensorLogic.Compiler.Semantics;

/// <summary>What a setting's value must be written as.</summary>
internal enum SettingKind
{
    /// <summary>A number, e.g. <c>lr=0.01</c>.</summary>
    Real,

    /// <summary>A number without fraction or exponent, e.g. <c>epochs=200</c>.</summary>
    Integer,

    /// <summary>One of a few names, e.g. <c>optimizer=adam</c>.</summary>
    Choice,

    /// <summary>A lowercase name, e.g. <c>examples=e</c>.</summary>
    IndexVariable,

    /// <summary>A tensor of the program, e.g. <c>predict=O</c>.</summary>
    Tensor,
}

/// <summary>
/// One setting a directive's <c>with</c> list may give: its name, the kind and range of its value (as
/// <see cref="Requirement"/> says to the user), and how it reads and writes a field of <typeparamref name="T"/>.
/// </summary>
internal sealed record SettingDefinition<T>(
    string Name,
    SettingKind Kind,
    string Requirement,
    Func<double, bool> InRange,
    ImmutableArray<string> Choices,
    Func<T, object, T> Set,
    Func<T, object?> Get);

/// <summary>
/// Every setting of <c>learn ... with</c> and <c>init ... with</c>, in the order docs/language.md lists them.
/// The binder checks values against this table; printers read the fields back through it, so a setting's
/// name, its range and its field are written down once.
/// </summary>
internal static class LearningSettingTable
{
    // Ranges come first: static fields are initialized in textual order, and the tables below use them.
    // Infinity passes "greater than 0", but no setting means anything at infinity (NaN fails every comparison).
    private static readonly (string Text, Func<double, bool> Test) Positive = ("a number greater than 0", v => v > 0 && double.IsFinite(v));
    private static readonly (string Text, Func<double, bool> Test) NonNegative = ("a number of at least 0", v => v >= 0 && double.IsFinite(v));
    private static readonly (string Text, Func<double, bool> Test) Fraction = ("a number from 0 up to, but not including, 1", v => v is >= 0 and < 1);

    public static readonly ImmutableArray<SettingDefinition<LearningSettings>> Learn =
    [
        Choice<LearningSettings>("optimizer", ["sgd", "adam", "adamw"], (s, v) => s with { Optimizer = v }, s => s.Optimizer),
        Real<LearningSettings>("lr", Positive, (s, v) => s with { LearningRate = v }, s => s.LearningRate),
        Real<LearningSettings>("momentum", Fraction, (s, v) => s with { Momentum = v }, s => s.Momentum),
        Real<LearningSettings>("beta1", Fraction, (s, v) => s with { Beta1 = v }, s => s.Beta1),
        Real<LearningSettings>("beta2", Fraction, (s, v) => s with { Beta2 = v }, s => s.Beta2),
        Real<LearningSettings>("eps", Positive, (s, v) => s with { Epsilon = v }, s => s.Epsilon),
        Real<LearningSettings>("decay", NonNegative, (s, v) => s with { WeightDecay = v }, s => s.WeightDecay),
        Real<LearningSettings>("clip", Positive, (s, v) => s with { ClipNorm = v }, s => s.ClipNorm),
        Choice<LearningSettings>("schedule", ["constant", "step", "cosine"], (s, v) => s with { Schedule = v }, s => s.Schedule),
        Integer<LearningSettings>("warmup", 0, (s, v) => s with { Warmup = v }, s => s.Warmup),
        Integer<LearningSettings>("every", 1, (s, v) => s with { Every = v }, s => s.Every),
        Real<LearningSettings>("gamma", Positive, (s, v) => s with { Gamma = v }, s => s.Gamma),
        Real<LearningSettings>("lr_min", NonNegative, (s, v) => s with { MinLearningRate = v }, s => s.MinLearningRate),
        Integer<LearningSettings>("epochs", 1, (s, v) => s with { Epochs = v }, s => s.Epochs),
        Integer<LearningSettings>("batch", 0, (s, v) => s with { Batch = v }, s => s.Batch),
        new("examples", SettingKind.IndexVariable, "an index variable (a lowercase name)", _ => true, [],
            (s, v) => s with { Examples = (string)v }, s => s.Examples),
        Real<LearningSettings>("validate", Fraction, (s, v) => s with { Validate = v }, s => s.Validate),
        Integer<LearningSettings>("seed", 0, (s, v) => s with { Seed = v }, s => s.Seed),
        Tensor<LearningSettings>("predict", (s, v) => s with { Predict = v }, s => s.Predict),
        Tensor<LearningSettings>("labels", (s, v) => s with { Labels = v }, s => s.Labels),
        Choice<LearningSettings>("step", ["zero", "straight", "sigmoid"], (s, v) => s with { StepGradient = v }, s => s.StepGradient),
        Real<LearningSettings>("temperature", Positive, (s, v) => s with { Temperature = v }, s => s.Temperature),
        Real<LearningSettings>("anneal", NonNegative, (s, v) => s with { Anneal = v }, s => s.Anneal),
    ];

    /// <summary>The settings of one <c>init</c> statement, before they are given to each of its tensors.</summary>
    public sealed record InitChoice(string? Scheme, double? Scale);

    public static readonly ImmutableArray<SettingDefinition<InitChoice>> Init =
    [
        Choice<InitChoice>("scheme", ["xavier", "he", "normal", "uniform", "zeros"], (s, v) => s with { Scheme = v }, s => s.Scheme),
        Real<InitChoice>("scale", Positive, (s, v) => s with { Scale = v }, s => s.Scale),
    ];

    public const string DefaultScheme = "xavier";

    /// <summary>A bound value as a setting is written, for printers: <c>0.01</c>, <c>adam</c>, <c>O</c>.</summary>
    public static string Format(object value) => value switch
    {
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        int integer => integer.ToString(CultureInfo.InvariantCulture),
        TensorSymbol tensor => tensor.Name,
        _ => value.ToString() ?? "",
    };

    // ------------------------------------------------------------------ definitions

    private static SettingDefinition<T> Real<T>(string name, (string Text, Func<double, bool> Test) range, Func<T, double, T> set, Func<T, double?> get) =>
        new(name, SettingKind.Real, range.Text, range.Test, [], (s, v) => set(s, (double)v), s => get(s));

    private static SettingDefinition<T> Integer<T>(string name, int minimum, Func<T, int, T> set, Func<T, int?> get) =>
        new(name, SettingKind.Integer, $"an integer of at least {minimum}", v => v >= minimum && v <= int.MaxValue, [],
            (s, v) => set(s, (int)v), s => get(s));

    private static SettingDefinition<T> Choice<T>(string name, ImmutableArray<string> choices, Func<T, string, T> set, Func<T, string?> get) =>
        new(name, SettingKind.Choice, $"one of {string.Join(", ", choices)}", _ => true, choices, (s, v) => set(s, (string)v), s => get(s));

    private static SettingDefinition<T> Tensor<T>(string name, Func<T, TensorSymbol, T> set, Func<T, TensorSymbol?> get) =>
        new(name, SettingKind.Tensor, "a tensor", _ => true, [], (s, v) => set(s, (TensorSymbol)v), s => get(s));
}
