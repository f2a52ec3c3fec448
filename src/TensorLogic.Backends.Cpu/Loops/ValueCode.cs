using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;
using Expression = System.Linq.Expressions.Expression;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// Expressions for the factors of a term, computed in T (float or double); the built-in functions and the
/// infix operators call the table's generic definitions (<see cref="Builtins"/>, <see cref="ElementwiseFunctions"/>),
/// static methods the JIT inlines, so they compute what <c>ExpressionEvaluator</c> does. Comparisons and Boolean reads become 1 or 0; top-level Boolean
/// factors are compiled as conditions instead (<see cref="Holds"/>), since they decide whether a binding
/// exists at all.
/// </summary>
internal sealed class ValueCode<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly MethodInfo ModuloMethod =
        typeof(ElementwiseFunctions).GetMethod(nameof(ElementwiseFunctions.Modulo))!.MakeGenericMethod(typeof(T));

    private readonly NestScope _scope;
    private readonly Func<IrAccess, AccessCode> _reference;

    public ValueCode(NestScope scope, Func<IrAccess, AccessCode> access)
    {
        _scope = scope;
        _reference = access;
    }

    public static Expression Constant(T value) => Expression.Constant(value, typeof(T));

    public static Expression Constant(double value) => Constant(T.CreateTruncating(value));

    public static Expression Zero => Constant(T.Zero);

    public static Expression One => Constant(T.One);

    /// <summary>Whether a top-level Boolean factor lets the binding through.</summary>
    public Expression Holds(IrExpression factor, List<Expression> statements) => factor switch
    {
        IrTensorRead read => _reference(read.Access).Holds(),
        IrUnary { Operator: UnaryOperator.Not, Operand: IrTensorRead { Access.Tensor.IsBoolean: true } read } =>
            Expression.Not(_reference(read.Access).Holds()),
        // not x holds when x ≤ 0 or NaN, exactly when ExpressionEvaluator gives 1 for it.
        IrUnary { Operator: UnaryOperator.Not } not => Expression.Not(Expression.GreaterThan(Value(not.Operand, statements), Zero)),
        IrComparison comparison => Compare(comparison, statements),
        IrIndexPredicate predicate => IsEven(predicate, statements),
        _ => throw new NotSupportedException($"filter {factor.GetType().Name}"),
    };

    /// <summary>The value of an expression under the current binding.</summary>
    public Expression Value(IrExpression expression, List<Expression> statements) => expression switch
    {
        IrConstant constant => Constant(constant.Value),
        IrTensorRead { Access.Tensor.IsBoolean: true } read => OneIf(_reference(read.Access).Holds()),
        IrTensorRead read => InT(_reference(read.Access).Element),
        IrIndexValue value => Expression.Convert(_scope.Long(value.Index, statements), typeof(T)),
        IrCall call => Call(call, statements),
        IrUnary unary => Unary(unary, statements),
        IrBinary binary => Binary(binary.Operator, Value(binary.Left, statements), Value(binary.Right, statements)),
        IrComparison or IrIndexPredicate => OneIf(Holds(expression, statements)),
        _ => throw new NotSupportedException($"expression {expression.GetType().Name}"),
    };

    /// <summary>A weighted tuple's value is a double: converted as the dense copy's elements are.</summary>
    private static Expression InT(Expression element) => element.Type == typeof(T) ? element : Expression.Convert(element, typeof(T));

    private static Expression OneIf(Expression condition) => Expression.Condition(condition, One, Zero);

    private Expression Compare(IrComparison comparison, List<Expression> statements)
    {
        var left = _scope.Long(comparison.Left, statements);
        var right = _scope.Long(comparison.Right, statements);
        return comparison.Operator switch
        {
            ComparisonOperator.Equal => Expression.Equal(left, right),
            ComparisonOperator.NotEqual => Expression.NotEqual(left, right),
            ComparisonOperator.Less => Expression.LessThan(left, right),
            ComparisonOperator.LessOrEqual => Expression.LessThanOrEqual(left, right),
            ComparisonOperator.Greater => Expression.GreaterThan(left, right),
            _ => Expression.GreaterThanOrEqual(left, right),
        };
    }

    /// <summary>Even(d) / Odd(d) with C#'s remainder, as <c>IrIndexPredicate.Holds</c> (so -3 is odd).</summary>
    private Expression IsEven(IrIndexPredicate predicate, List<Expression> statements)
    {
        var remainder = Expression.Modulo(_scope.Long(predicate.Index, statements), Expression.Constant(2L));
        var even = Expression.Equal(remainder, Expression.Constant(0L));
        return predicate.Kind == IndexPredicateKind.Even ? even : Expression.Not(even);
    }

    private Expression Unary(IrUnary unary, List<Expression> statements)
    {
        var operand = Value(unary.Operand, statements);
        return unary.Operator switch
        {
            UnaryOperator.Negate => Expression.Negate(operand),
            UnaryOperator.Reciprocal => Expression.Divide(One, operand),
            _ => Expression.Condition(Expression.GreaterThan(operand, Zero), Zero, One),
        };
    }

    private static Expression Binary(BinaryOperator op, Expression left, Expression right) => op switch
    {
        BinaryOperator.Add => Expression.Add(left, right),
        BinaryOperator.Subtract => Expression.Subtract(left, right),
        BinaryOperator.Join => Expression.Multiply(left, right),
        BinaryOperator.Divide => Expression.Divide(left, right),
        BinaryOperator.Modulo => FlooredModulo(left, right),
        _ => Power(left, right),
    };

    /// <summary>x^y is pow's code (x·x for a constant 2).</summary>
    private static Expression Power(Expression x, Expression exponent) => Builtins.Power.Code<T>(x, exponent);

    /// <summary>The floored remainder, <see cref="ElementwiseFunctions.Modulo{T}"/>.</summary>
    private static Expression FlooredModulo(Expression left, Expression right) =>
        Expression.Call(ModuloMethod, left, right);

    /// <summary>A built-in's code from the table; a missing second argument is its default (sig's temperature 1).</summary>
    private Expression Call(IrCall call, List<Expression> statements)
    {
        var function = call.Function.Elementwise
            ?? throw new NotSupportedException($"'{call.Function.Name}' inside a term");
        var x = Value(call.Arguments[0], statements);
        var argument = call.Arguments.Length > 1 ? Value(call.Arguments[1], statements) : Constant(function.DefaultArgument);
        return function.Code<T>(x, argument);
    }
}
