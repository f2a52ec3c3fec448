namespace TensorLogic.Runtime.Training;

/// <summary>The update rules <see cref="Optimizer.Create"/> offers.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent, optionally with (Nesterov) momentum: <c>torch.optim.SGD</c>.</summary>
    Sgd,

    /// <summary>Adam with weight decay as an L2 term of the gradient: <c>torch.optim.Adam</c>.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay: <c>torch.optim.AdamW</c>.</summary>
    AdamW,
}

/// <summary>
/// An optimizer's hyperparameters, with PyTorch's defaults. <see cref="LearningRate"/> is the base rate a
/// schedule starts from; each <see cref="Optimizer.Step"/> is given the rate to use.
/// </summary>
public sealed record OptimizerSettings(OptimizerKind Kind, double LearningRate)
{
    /// <summary>SGD's momentum factor; 0 is plain SGD. Dampening is always 0.</summary>
    public double Momentum { get; init; }

    /// <summary>SGD's Nesterov momentum; needs <see cref="Momentum"/> &gt; 0.</summary>
    public bool Nesterov { get; init; }

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's ε, added to the square root of the bias-corrected second moment.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>L2 added to the gradient (SGD, Adam) or decoupled decay of the weights (AdamW); 0 is none.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The largest global gradient norm before an update; larger gradients are scaled down. 0 is off.</summary>
    public double ClipNorm { get; init; }

    /// <summary>
    /// What makes these settings unusable, in a sentence for the user, or null when they are fine — so that
    /// whoever read them can report the problem where it was written, before <see cref="Optimizer.Create"/>.
    /// </summary>
    public string? Problem() => this switch
    {
        _ when !(LearningRate >= 0) => $"the learning rate must be at least 0, not {LearningRate}",
        _ when !(Momentum >= 0) => $"the momentum must be at least 0, not {Momentum}",
        { Nesterov: true, Momentum: <= 0 } => "Nesterov momentum needs a momentum greater than 0",
        _ when !(Beta1 is >= 0 and < 1) => $"beta1 must be in [0, 1), not {Beta1}",
        _ when !(Beta2 is >= 0 and < 1) => $"beta2 must be in [0, 1), not {Beta2}",
        _ when !(Epsilon >= 0) => $"epsilon must be at least 0, not {Epsilon}",
        _ when !(WeightDecay >= 0) => $"the weight decay must be at least 0, not {WeightDecay}",
        _ when !(ClipNorm >= 0) => $"the clipping norm must be at least 0 (0 is off), not {ClipNorm}",
        _ => null,
    };
}
