using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;
using static TensorLogic.Syntax.Tree.SyntaxFactory;

namespace TensorLogic.Compiler.Differentiation;

/// <summary>
/// The derivative of one factor of a term with respect to one tensor read inside it, by the chain rule
/// through the operators and built-in calls between them. The result is a Tensor Logic expression over the
/// term's variables, null where the derivative is zero.
/// </summary>
internal sealed class ExpressionDerivative(GradientOptions options)
{
    public Expression? Of(BoundExpression expression, BoundTensorRead read)
    {
        if (!Contains(expression, read))
            return null;
        switch (expression)
        {
            case BoundTensorRead:
                return Number(1);
            case BoundUnary { Operator: UnaryOperator.Negate } unary:
                return Negate(Of(unary.Operand, read)!);
            case BoundUnary { Operator: UnaryOperator.Reciprocal } unary:
                // d(1/u) = -du / u²
                return Chain(Negate(Divide(Number(1), Power(Written(unary.Operand), Number(2)))), Of(unary.Operand, read));
            case BoundBinary binary:
                return Binary(binary, read);
            case BoundCall call:
                return Call(call, read);
            default:
                throw new NotDifferentiableException("this expression cannot be differentiated", expression.Location);
        }
    }

    private Expression? Binary(BoundBinary binary, BoundTensorRead read)
    {
        var left = Of(binary.Left, read);
        var right = Of(binary.Right, read);
        switch (binary.Operator)
        {
            case BinaryOperator.Add:
                return Sum(left, right);
            case BinaryOperator.Subtract:
                return right is null ? left : Sum(left, Negate(right));
            case BinaryOperator.Join:
                return Sum(
                    left is null ? null : Multiply(left, Written(binary.Right)),
                    right is null ? null : Multiply(Written(binary.Left), right));
            case BinaryOperator.Divide:
                // d(u/v) = du/v - u dv / v²
                return Sum(
                    left is null ? null : Divide(left, Written(binary.Right)),
                    right is null ? null : Negate(Divide(Multiply(Written(binary.Left), right), Power(Written(binary.Right), Number(2)))));
            case BinaryOperator.Power when right is null:
                var operands = new DerivativeOperands(Written(binary.Left), Written(binary), Written(binary.Right));
                return Chain(Builtins.PowerDerivative(operands), left);
            case BinaryOperator.Modulo when right is null:
                return left;
            default:
                throw new NotDifferentiableException(
                    $"cannot differentiate with respect to '{read.Reference.Tensor.Name}' in the exponent or divisor of '{Formatting(binary)}'", binary.Location);
        }
    }

    private Expression? Call(BoundCall call, BoundTensorRead read)
    {
        if (call.Arguments.Skip(1).Any(a => Contains(a, read)))
            throw new NotDifferentiableException(
                $"cannot differentiate '{call.Function.Name}' with respect to its second argument", call.Location);
        var input = Written(call.Arguments[0]);
        var argument = call.Arguments.Length > 1 ? BoundToSyntax.Expression(call.Arguments[1]) : null;
        var derivative = Rule(call.Function, new DerivativeOperands(input, BoundToSyntax.Expression(call), argument));
        return derivative is null ? null : Chain(derivative, Of(call.Arguments[0], read));
    }

    /// <summary>
    /// f'(x) from the built-in table; step's derivative is zero unless a relaxation is asked for, and
    /// sig(x, 0) is a step.
    /// </summary>
    public Expression? Rule(BuiltinFunction function, DerivativeOperands operands)
    {
        var isStep = function.Name == "step" || (function.Name == "sig" && operands.Argument is NumberLiteral { Value: 0 });
        if (!isStep)
            return function.Derivative?.Invoke(operands);
        return options.Step switch
        {
            StepGradient.StraightThrough => Number(1),
            StepGradient.Sigmoid => SigmoidSurrogate(operands.Input),
            _ => null,
        };
    }

    private Expression SigmoidSurrogate(Expression input)
    {
        Expression temperature = double.TryParse(options.Temperature, System.Globalization.CultureInfo.InvariantCulture, out var t)
            ? Number(t)
            : new NameExpression(Name(options.Temperature), default);
        var sigmoid = SyntaxFactory.Call("sig", input, temperature);
        return Divide(Multiply(sigmoid, Subtract(Number(1), sigmoid)), temperature);
    }

    private static Expression? Chain(Expression outer, Expression? inner) => inner is null ? null : Multiply(outer, inner);

    private static Expression? Sum(Expression? a, Expression? b) => a is null ? b : b is null ? a : Add(a, b);

    /// <summary>A sub-expression as written; the formatter adds the parentheses its precedence needs.</summary>
    private static Expression Written(BoundExpression expression) => BoundToSyntax.Expression(expression);

    private static string Formatting(BoundExpression expression) => Syntax.Formatting.Formatter.Format(BoundToSyntax.Expression(expression));

    private static bool Contains(BoundExpression expression, BoundTensorRead read) =>
        BoundExpressions.TensorReadsIn(expression).Any(r => ReferenceEquals(r, read));
}
