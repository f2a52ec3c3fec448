using System.Numerics;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Epilogues;

/// <summary>The elementwise built-ins, resolved once per call rather than by name per cell.</summary>
internal enum ElementwiseKind
{
    Step,
    Sigmoid,
    Relu,
    Exp,
    Log,
    Sin,
    Cos,
    Sqrt,
    Tanh,
    Abs,
    Pow,
}

/// <summary>Scalar versions of <see cref="ElementwiseFunctions"/> in T, for the cells SIMD does not cover.</summary>
internal static class ElementwiseKinds
{
    public static ElementwiseKind Of(BuiltinFunction function) => function.Name switch
    {
        "step" => ElementwiseKind.Step,
        "sig" => ElementwiseKind.Sigmoid,
        "relu" => ElementwiseKind.Relu,
        "exp" => ElementwiseKind.Exp,
        "log" => ElementwiseKind.Log,
        "sin" => ElementwiseKind.Sin,
        "cos" => ElementwiseKind.Cos,
        "sqrt" => ElementwiseKind.Sqrt,
        "tanh" => ElementwiseKind.Tanh,
        "abs" => ElementwiseKind.Abs,
        "pow" => ElementwiseKind.Pow,
        _ => throw new ArgumentException($"'{function.Name}' is not an elementwise function"),
    };

    /// <summary>f(x) with <paramref name="argument"/> as sig's temperature or pow's exponent.</summary>
    public static T Apply<T>(ElementwiseKind kind, T x, T argument)
        where T : IFloatingPointIeee754<T> => kind switch
    {
        ElementwiseKind.Step => x > T.Zero ? T.One : T.Zero,
        ElementwiseKind.Sigmoid => argument == T.Zero
            ? (x > T.Zero ? T.One : T.Zero)
            : T.One / (T.One + T.Exp(-x / argument)),
        ElementwiseKind.Relu => x > T.Zero ? x : T.Zero,
        ElementwiseKind.Exp => T.Exp(x),
        ElementwiseKind.Log => T.Log(x),
        ElementwiseKind.Sin => T.Sin(x),
        ElementwiseKind.Cos => T.Cos(x),
        ElementwiseKind.Sqrt => T.Sqrt(x),
        ElementwiseKind.Tanh => T.Tanh(x),
        ElementwiseKind.Abs => T.Abs(x),
        _ => T.Pow(x, argument),
    };
}
