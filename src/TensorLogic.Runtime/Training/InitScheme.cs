namespace TensorLogic.Runtime.Training;

/// <summary>
/// How a learned tensor's first values are drawn. Fan-in and fan-out are defined by
/// <see cref="Initializer"/>; <see cref="InitSpec.Scale"/> adjusts each scheme as documented per member.
/// </summary>
public enum InitScheme
{
    /// <summary>Glorot uniform: U(±s·sqrt(6 / (fan_in + fan_out))), s = Scale ?? 1 (PyTorch's gain).</summary>
    Xavier,

    /// <summary>Kaiming normal: N(0, σ = s·sqrt(2 / fan_in)), s = Scale ?? 1; suits weights followed by relu.</summary>
    He,

    /// <summary>N(0, σ = Scale ?? 0.01).</summary>
    Normal,

    /// <summary>U(±(Scale ?? 0.05)).</summary>
    Uniform,

    /// <summary>All zeros; the usual start for biases. Scale is ignored.</summary>
    Zeros,
}
