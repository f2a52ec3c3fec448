using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;
using Expression = System.Linq.Expressions.Expression;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// Expressions for the factors of a term, computed in T (float or double) with the built-in functions
/// inlined; each case follows <c>ExpressionEvaluator</c> and <c>ElementwiseFunctions</c>, which define the
/// values every engine must produce. Comparisons and Boolean reads become 1 or 0; top-level Boolean
/// factors are compiled as conditions instead (<see cref="Holds"/>), since they decide whether a binding
/// exists at all.
/// </summary>
internal sealed class ValueCode<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly Type MathType = typeof(T) == typeof(float) ? typeof(MathF) : typeof(Math);

    private readonly NestScope _scope;
    private readonly Func<BoundTensorRef, AccessCode> _reference;

    public ValueCode(NestScope scope, Func<BoundTensorRef, AccessCode> access)
    {
        _scope = scope;
        _reference = access;
    }

    public static Expression Constant(T value) => Expression.Constant(value, typeof(T));

    public static Expression Constant(double value) => Constant(T.CreateTruncating(value));

    public static Expression Zero => Constant(T.Zero);

    public static Expression One => Constant(T.One);

    /// <summary>A method of Math (double) or MathF (float) taking T arguments.</summary>
    public static MethodInfo MathMethod(string name, int arity) =>
        MathType.GetMethod(name, [.. Enumerable.Repeat(typeof(T), arity)])
        ?? throw new MissingMethodException(MathType.Name, name);

    /// <summary>Whether a top-level Boolean factor lets the binding through.</summary>
    public Expression Holds(BoundExpression factor, List<Expression> statements) => factor switch
    {
        BoundTensorRead read => _reference(read.Reference).Holds(),
        BoundUnary { Operator: UnaryOperator.Not, Operand: BoundTensorRead { Reference.Tensor.IsBoolean: true } read } =>
            Expression.Not(_reference(read.Reference).Holds()),
        // not x holds when x ≤ 0 or NaN, exactly when ExpressionEvaluator gives 1 for it.
        BoundUnary { Operator: UnaryOperator.Not } not => Expression.Not(Expression.GreaterThan(Value(not.Operand, statements), Zero)),
        BoundComparison comparison => Compare(comparison, statements),
        BoundIndexPredicate predicate => IsEven(predicate, statements),
        _ => throw new NotSupportedException($"filter {factor.GetType().Name}"),
    };

    /// <summary>The value of an expression under the current binding.</summary>
    public Expression Value(BoundExpression expression, List<Expression> statements) => expression switch
    {
        BoundConstant constant => Constant(constant.Value),
        BoundTensorRead { Reference.Tensor.IsBoolean: true } read => OneIf(_reference(read.Reference).Holds()),
        BoundTensorRead read => Expression.ArrayIndex(_reference(read.Reference).Source!, _reference(read.Reference).Offset),
        BoundIndexValue value => Expression.Convert(_scope.Long(value.Index, statements), typeof(T)),
        BoundCall call => Call(call, statements),
        BoundUnary unary => Unary(unary, statements),
        BoundBinary binary => Binary(binary.Operator, Value(binary.Left, statements), Value(binary.Right, statements)),
        BoundComparison or BoundIndexPredicate => OneIf(Holds(expression, statements)),
        _ => throw new NotSupportedException($"expression {expression.GetType().Name}"),
    };

    private static Expression OneIf(Expression condition) => Expression.Condition(condition, One, Zero);

    private Expression Compare(BoundComparison comparison, List<Expression> statements)
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

    /// <summary>Even(d) / Odd(d) with C#'s remainder, as <c>BoundIndexPredicate.Holds</c> (so -3 is odd).</summary>
    private Expression IsEven(BoundIndexPredicate predicate, List<Expression> statements)
    {
        var remainder = Expression.Modulo(_scope.Long(predicate.Index, statements), Expression.Constant(2L));
        var even = Expression.Equal(remainder, Expression.Constant(0L));
        return predicate.Kind == IndexPredicateKind.Even ? even : Expression.Not(even);
    }

    private Expression Unary(BoundUnary unary, List<Expression> statements)
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

    /// <summary>
    /// x^y through Math.Pow, except the square: pow is a library call costing tens of cycles, and x·x is the
    /// correctly rounded square that pow approximates to within half an ulp.
    /// </summary>
    private static Expression Power(Expression x, Expression exponent)
    {
        if (exponent is not ConstantExpression { Value: T value } || value != T.CreateTruncating(2))
            return Expression.Call(MathMethod(nameof(Math.Pow), 2), x, exponent);
        var v = Expression.Variable(typeof(T), "v");
        return Expression.Block([v], Expression.Assign(v, x), Expression.Multiply(v, v));
    }

    /// <summary>left - right · floor(left / right), with each operand evaluated once.</summary>
    private static Expression FlooredModulo(Expression left, Expression right)
    {
        var l = Expression.Variable(typeof(T), "l");
        var r = Expression.Variable(typeof(T), "r");
        var floor = Expression.Call(MathMethod(nameof(Math.Floor), 1), Expression.Divide(l, r));
        return Expression.Block([l, r], Expression.Assign(l, left), Expression.Assign(r, right),
            Expression.Subtract(l, Expression.Multiply(r, floor)));
    }

    private Expression Call(BoundCall call, List<Expression> statements)
    {
        var x = Value(call.Arguments[0], statements);
        switch (call.Function.Name)
        {
            case "step":
                return Step(x);
            case "sig":
                return call.Arguments.Length > 1 ? TemperedSigmoid(x, Value(call.Arguments[1], statements)) : Sigmoid(x);
            case "relu":
                var v = Expression.Variable(typeof(T), "v");
                return Expression.Block([v], Expression.Assign(v, x), Expression.Condition(Expression.GreaterThan(v, Zero), v, Zero));
            case "pow":
                return Power(x, Value(call.Arguments[1], statements));
            case "exp" or "log" or "sin" or "cos" or "sqrt" or "tanh" or "abs":
                return Expression.Call(MathMethod(char.ToUpperInvariant(call.Function.Name[0]) + call.Function.Name[1..], 1), x);
            default:
                throw new NotSupportedException($"'{call.Function.Name}' inside a term");
        }
    }

    private static Expression Step(Expression x) => Expression.Condition(Expression.GreaterThan(x, Zero), One, Zero);

    private static Expression Sigmoid(Expression x) =>
        Expression.Divide(One, Expression.Add(One, Expression.Call(MathMethod(nameof(Math.Exp), 1), Expression.Negate(x))));

    /// <summary>σ(x, T) = 1/(1+e^(-x/T)), and the step function at T = 0.</summary>
    private static Expression TemperedSigmoid(Expression x, Expression temperature)
    {
        var v = Expression.Variable(typeof(T), "x");
        var t = Expression.Variable(typeof(T), "t");
        var scaled = Expression.Divide(Expression.Negate(v), t);
        var sigmoid = Expression.Divide(One, Expression.Add(One, Expression.Call(MathMethod(nameof(Math.Exp), 1), scaled)));
        return Expression.Block([v, t], Expression.Assign(v, x), Expression.Assign(t, temperature),
            Expression.Condition(Expression.Equal(t, Zero), Step(v), sigmoid));
    }
}
