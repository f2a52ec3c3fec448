using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Epilogues;

/// <summary>
/// The outer function of an equation (<c>Y[i] = relu(...)</c>, <c>Comp[p, p'.] = softmax(...)</c>), applied
/// in place to an equation's projected sum. Only reached cells take part: the reference engine computes
/// the function on the cells some binding reached and leaves the others alone. The forms are the table's
/// (<see cref="BuiltinFunction.Elementwise"/>): whole buffers take the vectorized one.
/// </summary>
public static class Epilogue<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Applies <paramref name="function"/> to the cells with <c>counts[i] &gt; 0</c> (every cell when
    /// <paramref name="counts"/> is null). <paramref name="extraArguments"/> are the evaluated scalar
    /// arguments after the first: sig's temperature, pow's exponent.
    /// </summary>
    public static void Apply(IrOuterFunction function, DenseTensor<T> values, int[]? counts, ReadOnlySpan<T> extraArguments)
    {
        if (counts is not null && counts.Length != values.Length)
            throw new ArgumentException($"{counts.Length} counts for {values.Length} values");
        switch (function.Function)
        {
            case { Elementwise: { } elementwise }:
                var argument = extraArguments.Length > 0 ? extraArguments[0] : T.CreateTruncating(elementwise.DefaultArgument);
                if (counts is null)
                    elementwise.ApplyAll<T>(values.Data, argument);
                else
                    elementwise.ApplyReached<T>(values.Data, counts, argument);
                break;
            case { Normalizer: { } normalizer }:
                Normalization<T>.Apply(normalizer, values, counts, function.NormalizedAxes);
                break;
            default:
                throw new NotSupportedException($"'{function.Function.Name}' rearranges cells; it is not applied in place");
        }
    }
}
