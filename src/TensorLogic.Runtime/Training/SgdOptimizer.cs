namespace TensorLogic.Runtime.Training;

/// <summary>
/// <c>torch.optim.SGD</c> with dampening 0. With d = g + λp (λ the weight decay) and momentum μ:
/// b = d on the first step and μb + d after; the step direction is d + μb for Nesterov, b otherwise, and
/// d itself without momentum; then p -= lr × direction.
/// </summary>
public sealed class SgdOptimizer : Optimizer
{
    // One momentum buffer per parameter, created on its first update as PyTorch does.
    private readonly Dictionary<Parameter, double[]> _momentum = new(ReferenceEqualityComparer.Instance);

    internal SgdOptimizer(OptimizerSettings settings)
        : base(settings)
    {
    }

    protected override void Update(Parameter parameter, double learningRate)
    {
        var (decay, momentum, nesterov) = (Settings.WeightDecay, Settings.Momentum, Settings.Nesterov);
        var values = parameter.Values;
        var gradient = parameter.Gradient;
        var first = false;
        var buffer = momentum != 0 ? MomentumBuffer(parameter, out first) : null;
        for (var i = 0; i < values.Length; i++)
        {
            var direction = gradient[i];
            if (decay != 0)
                direction += decay * values[i];
            if (buffer is not null)
            {
                buffer[i] = first ? direction : momentum * buffer[i] + direction;
                direction = nesterov ? direction + momentum * buffer[i] : buffer[i];
            }
            values[i] -= learningRate * direction;
        }
    }

    private double[] MomentumBuffer(Parameter parameter, out bool first)
    {
        first = !_momentum.TryGetValue(parameter, out var buffer);
        if (first)
            _momentum[parameter] = buffer = new double[parameter.Values.Length];
        return buffer!;
    }
}
