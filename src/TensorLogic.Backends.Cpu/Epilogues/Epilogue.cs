using TensorLogic.Runtime.Values;
using System.Numerics;
using System.Numerics.Tensors;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Epilogues;

/// <summary>
/// The outer function of an equation (<c>Y[i] = relu(...)</c>, <c>Comp[p, p'.] = softmax(...)</c>), applied
/// in place to an equation's projected sum. Only reached cells take part: the reference engine computes
/// the function on the cells some binding reached and leaves the others alone. The scalar definitions are
/// those of <see cref="ElementwiseFunctions"/>; whole buffers use TensorPrimitives' SIMD loops.
/// </summary>
public static class Epilogue<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Applies <paramref name="function"/> to the cells with <c>counts[i] &gt; 0</c> (every cell when
    /// <paramref name="counts"/> is null). <paramref name="extraArguments"/> are the evaluated scalar
    /// arguments after the first: sig's temperature, pow's exponent.
    /// </summary>
    public static void Apply(OuterFunction function, DenseTensor<T> values, int[]? counts, ReadOnlySpan<T> extraArguments)
    {
        if (counts is not null && counts.Length != values.Length)
            throw new ArgumentException($"{counts.Length} counts for {values.Length} values");
        switch (function.Function.Kind)
        {
            case FunctionKind.Elementwise:
                var kind = ElementwiseKinds.Of(function.Function);
                var argument = extraArguments.Length > 0 ? extraArguments[0] : DefaultArgument(kind);
                if (counts is null)
                    ApplyAll(kind, values.Data, argument);
                else
                    ApplyReached(kind, values.Data, counts, argument);
                break;
            case FunctionKind.Normalization:
                Normalization<T>.Apply(function.Function.Name == "softmax", values, counts, function.NormalizedAxes);
                break;
            default:
                throw new NotSupportedException($"'{function.Function.Name}' rearranges cells; it is not applied in place");
        }
    }

    /// <summary>sig's temperature is 1 unless given; pow always has its exponent.</summary>
    private static T DefaultArgument(ElementwiseKind kind) => kind == ElementwiseKind.Sigmoid ? T.One : T.Zero;

    /// <summary>Every cell, with SIMD where TensorPrimitives has the function.</summary>
    private static void ApplyAll(ElementwiseKind kind, Span<T> x, T argument)
    {
        switch (kind)
        {
            case ElementwiseKind.Exp: TensorPrimitives.Exp<T>(x, x); break;
            case ElementwiseKind.Log: TensorPrimitives.Log<T>(x, x); break;
            case ElementwiseKind.Sin: TensorPrimitives.Sin<T>(x, x); break;
            case ElementwiseKind.Cos: TensorPrimitives.Cos<T>(x, x); break;
            case ElementwiseKind.Sqrt: TensorPrimitives.Sqrt<T>(x, x); break;
            case ElementwiseKind.Tanh: TensorPrimitives.Tanh<T>(x, x); break;
            case ElementwiseKind.Abs: TensorPrimitives.Abs<T>(x, x); break;
            case ElementwiseKind.Pow: TensorPrimitives.Pow<T>(x, argument, x); break;
            // maxNumber(x, 0) is x > 0 ? x : 0 even for NaN (→ 0) and -0 (→ +0).
            case ElementwiseKind.Relu: TensorPrimitives.MaxNumber<T>(x, T.Zero, x); break;
            case ElementwiseKind.Sigmoid when argument != T.Zero:
                // σ(x, t) = 1/(1+e^(-x/t)) is the plain sigmoid of x/t.
                if (argument != T.One)
                    TensorPrimitives.Divide<T>(x, argument, x);
                TensorPrimitives.Sigmoid<T>(x, x);
                break;
            default:
                for (var i = 0; i < x.Length; i++)
                    x[i] = ElementwiseKinds.Apply(kind, x[i], argument);
                break;
        }
    }

    private static void ApplyReached(ElementwiseKind kind, T[] x, int[] counts, T argument)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (counts[i] > 0)
                x[i] = ElementwiseKinds.Apply(kind, x[i], argument);
        }
    }
}
