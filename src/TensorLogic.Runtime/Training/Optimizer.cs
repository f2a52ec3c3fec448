namespace TensorLogic.Runtime.Training;

/// <summary>
/// Updates parameters in place from their gradients. Each kind matches its PyTorch optimizer exactly (see
/// <see cref="OptimizerKind"/>), so a training run can be checked against PyTorch number by number.
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(OptimizerSettings settings) => Settings = settings;

    public OptimizerSettings Settings { get; }

    /// <summary>
    /// The optimizer of <paramref name="settings"/>. Settings with a <see cref="OptimizerSettings.Problem"/>
    /// are a bug of the caller, which should have reported it, and throw.
    /// </summary>
    public static Optimizer Create(OptimizerSettings settings)
    {
        if (settings.Problem() is { } problem)
            throw new ArgumentException(problem, nameof(settings));
        return settings.Kind switch
        {
            OptimizerKind.Sgd => new SgdOptimizer(settings),
            OptimizerKind.Adam => new AdamOptimizer(settings, decoupledDecay: false),
            OptimizerKind.AdamW => new AdamOptimizer(settings, decoupledDecay: true),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Kind, "unknown optimizer"),
        };
    }

    /// <summary>
    /// One update of every parameter with <paramref name="learningRate"/>. When
    /// <see cref="OptimizerSettings.ClipNorm"/> is set the gradients are first clipped together (and so
    /// modified), as <c>clip_grad_norm_</c> before <c>optimizer.step()</c>.
    /// </summary>
    public void Step(IReadOnlyList<Parameter> parameters, double learningRate)
    {
        if (Settings.ClipNorm > 0)
            GradientClipping.ClipGlobalNorm(parameters, Settings.ClipNorm);
        foreach (var parameter in parameters)
            Update(parameter, learningRate);
    }

    /// <summary>Updates one parameter, whose gradient is final (clipped if asked).</summary>
    protected abstract void Update(Parameter parameter, double learningRate);
}
