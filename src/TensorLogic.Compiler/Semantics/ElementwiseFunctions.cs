namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// The scalar definitions of the elementwise built-ins. Every engine (reference, CPU, GPU code generators)
/// must agree with these; the constant folder uses them directly.
/// </summary>
public static class ElementwiseFunctions
{
    public static double Step(double x) => x > 0 ? 1 : 0;

    /// <summary>σ(x, T) = 1/(1+e^(-x/T)); at T = 0 it is the step function (σ(0, 0) = 0, like H(0)).</summary>
    public static double Sigmoid(double x, double temperature = 1)
    {
        if (temperature == 0)
            return Step(x);
        return 1 / (1 + Math.Exp(-x / temperature));
    }

    /// <summary>An infix operator on two values; <c>%</c> is the floored remainder, <c>^</c> the power.</summary>
    public static double Apply(Syntax.Tree.BinaryOperator op, double left, double right) => op switch
    {
        Syntax.Tree.BinaryOperator.Add => left + right,
        Syntax.Tree.BinaryOperator.Subtract => left - right,
        Syntax.Tree.BinaryOperator.Join => left * right,
        Syntax.Tree.BinaryOperator.Divide => left / right,
        Syntax.Tree.BinaryOperator.Modulo => left - right * Math.Floor(left / right),
        _ => Math.Pow(left, right),
    };

    public static double Apply(BuiltinFunction function, ReadOnlySpan<double> arguments)
    {
        var x = arguments[0];
        return function.Name switch
        {
            "step" => Step(x),
            "sig" => Sigmoid(x, arguments.Length > 1 ? arguments[1] : 1),
            "relu" => x > 0 ? x : 0,
            "exp" => Math.Exp(x),
            "log" => Math.Log(x),
            "sin" => Math.Sin(x),
            "cos" => Math.Cos(x),
            "sqrt" => Math.Sqrt(x),
            "tanh" => Math.Tanh(x),
            "abs" => Math.Abs(x),
            "pow" => Math.Pow(x, arguments[1]),
            _ => throw new ArgumentException($"'{function.Name}' is not an elementwise function"),
        };
    }
}
