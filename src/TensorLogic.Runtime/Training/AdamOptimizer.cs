namespace TensorLogic.Runtime.Training;

/// <summary>
/// <c>torch.optim.Adam</c> and <c>torch.optim.AdamW</c> (amsgrad off). At step t, with g the gradient:
/// m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g², and
/// p -= lr / (1-β1^t) × m / (sqrt(v) / sqrt(1-β2^t) + ε).
/// Adam's weight decay λ is L2, g += λp first; AdamW's is decoupled, p *= 1 - lr·λ first, and g is left alone.
/// </summary>
/// <remarks>The arithmetic follows PyTorch's single-tensor implementation operation by operation (ε after
/// dividing by sqrt(1-β2^t), the step size folded into one factor), so results differ from PyTorch's by
/// rounding at most.</remarks>
public sealed class AdamOptimizer : Optimizer
{
    private readonly bool _decoupledDecay;
    private readonly Dictionary<Parameter, Moments> _moments = new(ReferenceEqualityComparer.Instance);

    internal AdamOptimizer(OptimizerSettings settings, bool decoupledDecay)
        : base(settings)
    {
        _decoupledDecay = decoupledDecay;
    }

    protected override void Update(Parameter parameter, double learningRate)
    {
        var (beta1, beta2, epsilon, decay) = (Settings.Beta1, Settings.Beta2, Settings.Epsilon, Settings.WeightDecay);
        var moments = MomentsOf(parameter);
        moments.Steps++;
        var stepSize = learningRate / (1 - Math.Pow(beta1, moments.Steps));
        var correction2Root = Math.Sqrt(1 - Math.Pow(beta2, moments.Steps));
        var values = parameter.Values;
        var gradient = parameter.Gradient;
        for (var i = 0; i < values.Length; i++)
        {
            var g = gradient[i];
            if (decay != 0 && _decoupledDecay)
                values[i] *= 1 - learningRate * decay;
            else if (decay != 0)
                g += decay * values[i];
            moments.First[i] = beta1 * moments.First[i] + (1 - beta1) * g;
            moments.Second[i] = beta2 * moments.Second[i] + (1 - beta2) * g * g;
            var denominator = Math.Sqrt(moments.Second[i]) / correction2Root + epsilon;
            values[i] -= stepSize * (moments.First[i] / denominator);
        }
    }

    private Moments MomentsOf(Parameter parameter)
    {
        if (!_moments.TryGetValue(parameter, out var moments))
            _moments[parameter] = moments = new Moments(parameter.Values.Length);
        return moments;
    }

    /// <summary>A parameter's running averages of the gradient and its square, and its own step count.</summary>
    private sealed class Moments(int length)
    {
        public double[] First { get; } = new double[length];
        public double[] Second { get; } = new double[length];
        public int Steps { get; set; }
    }
}
