using System.Linq.Expressions;
using System.Numerics;
using System.Numerics.Tensors;
using SyntaxExpression = TensorLogic.Syntax.Tree.Expression;
using static TensorLogic.Syntax.Tree.SyntaxFactory;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// The built-in functions: this file is the one place a built-in is defined. An elementwise function is a
/// row here plus its definition struct below (value, vectorized form, optional code hook) and its derivative,
/// written as Tensor Logic; the constant folder, the reference engine and the CPU backend run the forms, the
/// gradient compiler writes the derivative into gradient programs, which every engine runs.
/// </summary>
public static class Builtins
{
    /// <summary>lnorm's ε in (x − mean)/√(var + ε); its gradient equations use the same.</summary>
    public const double LayerNormEpsilon = 1e-5;

    /// <summary>The <c>^</c> operator is pow (initialized before the rows, which share it).</summary>
    public static ElementwiseFunction Power { get; } = ElementwiseFunction.Of<Pow>();

    internal static readonly BuiltinFunction[] All =
    [
        // step is flat almost everywhere: no derivative row; the gradient compiler offers relaxations instead.
        Row<Step>("step", 1, 1, "Heaviside step: 1 if x > 0, else 0"),
        Row<Sigmoid>("sig", 1, 2, "sigmoid 1/(1+exp(-x/T)), T = 1 by default; sig(x, 0) is step(x)") with
        {
            Aliases = ["sigmoid", "\u03C3"],
            // σ'(x, T) = σ(1 - σ) / T
            Derivative = o => o.Argument is null
                ? Multiply(o.Output, Subtract(Number(1), o.Output))
                : Divide(Multiply(o.Output, Subtract(Number(1), o.Output)), o.Argument),
        },
        Row<Relu>("relu", 1, 1, "max(x, 0)") with { Derivative = o => Call("step", o.Output) },
        Row<Exp>("exp", 1, 1, "e^x") with { Derivative = o => o.Output },
        Row<Log>("log", 1, 1, "natural logarithm") with { Derivative = o => Divide(Number(1), o.Input) },
        Row<Sin>("sin", 1, 1, "sine") with { Derivative = o => Call("cos", o.Input) },
        Row<Cos>("cos", 1, 1, "cosine") with { Derivative = o => Negate(Call("sin", o.Input)) },
        Row<Sqrt>("sqrt", 1, 1, "square root") with { Derivative = o => Divide(Number(0.5), o.Output) },
        Row<Tanh>("tanh", 1, 1, "hyperbolic tangent") with { Derivative = o => Subtract(Number(1), TensorLogic.Syntax.Tree.SyntaxFactory.Power(o.Output, Number(2))) },
        Row<Abs>("abs", 1, 1, "absolute value") with { Derivative = o => Subtract(Call("step", o.Input), Call("step", Negate(o.Input))) },
        Row<Pow>("pow", 2, 2, "pow(x, n) = x^n; at the root, x is projected before the power") with { Derivative = PowerDerivative },
        new("softmax", FunctionKind.Normalization, 1, 1, "softmax along the dotted LHS axes (max-subtracted)") { Normalizer = Semantics.Normalizer.Softmax },
        new("lnorm", FunctionKind.Normalization, 1, 1, "layer normalization along the dotted LHS axes: (x - mean) / sqrt(var + 1e-5)") { Normalizer = Semantics.Normalizer.LayerNorm },
        new("concat", FunctionKind.Concat, 1, 1, "flattens the RHS-only indices, row-major, into the LHS index missing on the RHS"),
    ];

    /// <summary>d/dx x^n = n x^(n-1), with the exponent folded when it is a number.</summary>
    internal static SyntaxExpression PowerDerivative(DerivativeOperands o)
    {
        var exponent = o.Argument ?? Number(1);
        var lowered = exponent is TensorLogic.Syntax.Tree.NumberLiteral n ? Constant(n.Value - 1) : Subtract(exponent, Number(1));
        return Multiply(exponent, TensorLogic.Syntax.Tree.SyntaxFactory.Power(o.Input, lowered));
    }

    private static BuiltinFunction Row<TDefinition>(string name, int minArguments, int maxArguments, string description)
        where TDefinition : IElementwiseDefinition =>
        new(name, FunctionKind.Elementwise, minArguments, maxArguments, description)
        {
            Elementwise = typeof(TDefinition) == typeof(Pow) ? Power : ElementwiseFunction.Of<TDefinition>(),
        };

    /// <summary>A loop over the scalar form, for functions TensorPrimitives lacks.</summary>
    private static void Each<TDefinition, T>(Span<T> x, T argument)
        where TDefinition : IElementwiseDefinition
        where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++)
            x[i] = TDefinition.Value(x[i], argument);
    }

    public readonly struct Step : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => x > T.Zero ? T.One : T.Zero;

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => Each<Step, T>(x, argument);
    }

    /// <summary>σ(x, t) = 1/(1+e^(-x/t)); at t = 0 it is the step function (σ(0, 0) = 0, like H(0)).</summary>
    public readonly struct Sigmoid : IElementwiseDefinition
    {
        public static double DefaultArgument => 1;

        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> =>
            argument == T.Zero ? Step.Value(x, argument) : T.One / (T.One + T.Exp(-x / argument));

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T>
        {
            if (argument == T.Zero)
            {
                Each<Step, T>(x, argument);
                return;
            }
            // σ(x, t) is the plain sigmoid of x/t.
            if (argument != T.One)
                TensorPrimitives.Divide<T>(x, argument, x);
            TensorPrimitives.Sigmoid<T>(x, x);
        }
    }

    public readonly struct Relu : IElementwiseDefinition
    {
        /// <summary>NaN and -0 give +0.</summary>
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => x > T.Zero ? x : T.Zero;

        // maxNumber(x, 0) is x > 0 ? x : 0 even for NaN (→ 0) and -0 (→ +0).
        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.MaxNumber<T>(x, T.Zero, x);
    }

    public readonly struct Exp : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => T.Exp(x);

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.Exp<T>(x, x);
    }

    public readonly struct Log : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => T.Log(x);

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.Log<T>(x, x);
    }

    public readonly struct Sin : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => T.Sin(x);

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.Sin<T>(x, x);
    }

    public readonly struct Cos : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => T.Cos(x);

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.Cos<T>(x, x);
    }

    public readonly struct Sqrt : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => T.Sqrt(x);

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.Sqrt<T>(x, x);
    }

    public readonly struct Tanh : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => T.Tanh(x);

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.Tanh<T>(x, x);
    }

    public readonly struct Abs : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => T.Abs(x);

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.Abs<T>(x, x);
    }

    /// <summary>x^n, also the <c>^</c> operator.</summary>
    public readonly struct Pow : IElementwiseDefinition
    {
        public static T Value<T>(T x, T argument) where T : IFloatingPointIeee754<T> => T.Pow(x, argument);

        public static void Values<T>(Span<T> x, T argument) where T : IFloatingPointIeee754<T> => TensorPrimitives.Pow<T>(x, argument, x);

        /// <summary>
        /// x^2 as x·x in compiled loops: pow is a library call costing tens of cycles, and x·x is the correctly
        /// rounded square that pow approximates to within half an ulp.
        /// </summary>
        public static Expression? Code<T>(Expression x, Expression argument) where T : IFloatingPointIeee754<T>
        {
            if (argument is not ConstantExpression { Value: T exponent } || exponent != T.CreateTruncating(2))
                return null;
            var v = Expression.Variable(typeof(T), "v");
            return Expression.Block([v], Expression.Assign(v, x), Expression.Multiply(v, v));
        }
    }
}
