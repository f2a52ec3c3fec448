namespace TensorLogic.Runtime.Training;

/// <summary>
/// A scheme and an optional scale. Null takes the scheme's default: 1 as a multiplier of the Xavier and He
/// bounds, the standard deviation 0.01 for Normal and the half-width 0.05 for Uniform.
/// </summary>
public sealed record InitSpec(InitScheme Scheme, double? Scale = null);
