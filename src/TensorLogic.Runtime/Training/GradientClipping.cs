namespace TensorLogic.Runtime.Training;

/// <summary>Scaling of all gradients together, as <c>torch.nn.utils.clip_grad_norm_</c> with the 2-norm.</summary>
public static class GradientClipping
{
    // PyTorch's guard against dividing by a zero norm; kept so clipped values match it exactly.
    private const double NormGuard = 1e-6;

    /// <summary>
    /// The 2-norm of all gradients as one vector. When it exceeds <paramref name="maxNorm"/>, every gradient
    /// is multiplied by maxNorm / (norm + 1e-6), so their directions and relative sizes are kept. Returns the
    /// norm before clipping (for logging).
    /// </summary>
    public static double ClipGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        var norm = GlobalNorm(parameters);
        var factor = maxNorm / (norm + NormGuard);
        // PyTorch clamps the factor at 1 and multiplies anyway; skipping the multiplication by 1 changes nothing.
        if (factor < 1)
        {
            foreach (var parameter in parameters)
            {
                var gradient = parameter.Gradient;
                for (var i = 0; i < gradient.Length; i++)
                    gradient[i] *= factor;
            }
        }
        return norm;
    }

    public static double GlobalNorm(IReadOnlyList<Parameter> parameters)
    {
        // Each tensor's norm first, then the norm of those norms, as PyTorch does, so that clipped values
        // round as PyTorch's do.
        var sumOfSquares = 0.0;
        foreach (var parameter in parameters)
        {
            var squares = 0.0;
            foreach (var g in parameter.Gradient)
                squares += g * g;
            var norm = Math.Sqrt(squares);
            sumOfSquares += norm * norm;
        }
        return Math.Sqrt(sumOfSquares);
    }
}
