namespace TensorLogic.Compiler.Differentiation;

/// <summary>What the gradient of <c>step</c> is taken to be: it is zero almost everywhere, which stops learning.</summary>
public enum StepGradient
{
    /// <summary>The true derivative: nothing flows back through a step.</summary>
    Zero,

    /// <summary>The straight-through estimator: the step passes the gradient on unchanged.</summary>
    StraightThrough,

    /// <summary>The derivative of the relaxation sig(x, T): σ(1 − σ)/T, with the temperature T.</summary>
    Sigmoid,
}

/// <summary>Choices the gradient compiler leaves to the user.</summary>
public sealed record GradientOptions
{
    public StepGradient Step { get; init; } = StepGradient.Zero;

    /// <summary>
    /// The temperature of the sigmoid relaxation of <c>step</c>: a positive number, or the name of a scalar
    /// tensor (training anneals it by setting that tensor between epochs).
    /// </summary>
    public string Temperature { get; init; } = "1";
}
