using System.Collections.Immutable;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// A learned tensor: its values (row-major) and the gradient of the loss with respect to them, of the same
/// length. Optimizers keep their state per Parameter object, so one object should stand for one tensor
/// for the whole of training.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, ImmutableArray<int> shape, double[] values, double[]? gradient = null)
    {
        long count = 1;
        foreach (var n in shape)
            count *= n;
        if (count != values.Length)
            throw new ArgumentException($"'{name}' has shape [{string.Join(", ", shape)}], so {count} values, but {values.Length} were given", nameof(values));
        gradient ??= new double[values.Length];
        if (gradient.Length != values.Length)
            throw new ArgumentException($"'{name}' has {values.Length} values but a gradient of {gradient.Length}", nameof(gradient));
        Name = name;
        Shape = shape;
        Values = values;
        Gradient = gradient;
    }

    public string Name { get; }

    public ImmutableArray<int> Shape { get; }

    public double[] Values { get; }

    public double[] Gradient { get; }

    /// <summary>Clears the gradient before the next batch accumulates into it.</summary>
    public void ZeroGradient() => Array.Clear(Gradient);

    public override string ToString() => $"{Name}[{string.Join(", ", Shape)}]";
}
