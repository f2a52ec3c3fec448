using System.Collections.Immutable;
using System.Globalization;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Tree;

/// <summary>
/// Builds syntax for programs a tool writes rather than parses (the gradient compiler's equations). Nodes
/// have empty spans. The arithmetic helpers simplify as they build — multiplying by 1 or 0, adding 0,
/// double negation — so that generated equations read like ones a person would write.
/// </summary>
public static class SyntaxFactory
{
    private static readonly TextSpan None = default;

    public static Identifier Name(string text) => new(text, None);

    public static NumberLiteral Number(double value) =>
        new(value, value.ToString("R", CultureInfo.InvariantCulture), None);

    /// <summary>A number, as a negation when negative: the grammar has no negative literals in expressions.</summary>
    public static Expression Constant(double value) => value < 0 ? new NegateExpression(Number(-value), None) : Number(value);

    public static TensorExpression Tensor(TensorReference reference) => new(reference, None);

    public static TensorReference Reference(string name, ReferenceStyle style, IEnumerable<IndexItem> indices) =>
        new(Name(name), style, [.. indices], None);

    /// <summary><c>Name[i, j]</c>, or the bare name for a scalar.</summary>
    public static TensorReference Reference(string name, IEnumerable<IndexExpression> indices)
    {
        var items = indices.Select(i => (IndexItem)new PlainIndex(i, false, None)).ToImmutableArray();
        return new(Name(name), items.IsEmpty ? ReferenceStyle.Scalar : ReferenceStyle.Bracket, items, None);
    }

    public static IndexItem Plain(IndexExpression expression) => new PlainIndex(expression, false, None);

    public static IndexItem Virtual(IndexExpression expression) => new VirtualIndex(expression, None);

    public static IndexExpression IndexVariable(string name) => new IndexName(Name(name), None);

    public static IndexExpression IndexNumber(long value) => new IndexNumber(value, None);

    public static IndexExpression IndexSymbol(string value) => new IndexSymbol(value, None);

    public static IndexExpression IndexBinary(IndexExpression left, IndexOperator op, IndexExpression right) => new IndexBinary(left, op, right, None);

    public static IndexExpression IndexNegate(IndexExpression operand) => new IndexNegate(operand, None);

    public static Expression Call(string function, params Expression[] arguments) => new CallExpression(Name(function), [.. arguments], None);

    public static bool IsNumber(Expression expression, double value) => expression is NumberLiteral n && n.Value == value;

    public static Expression Negate(Expression operand) => operand switch
    {
        NegateExpression negate => negate.Operand,
        NumberLiteral { Value: 0 } zero => zero,
        _ => new NegateExpression(operand, None),
    };

    public static Expression Multiply(Expression left, Expression right)
    {
        if (IsNumber(left, 0) || IsNumber(right, 0))
            return Number(0);
        if (IsNumber(left, 1))
            return right;
        if (IsNumber(right, 1))
            return left;
        if (left is NegateExpression negatedLeft)
            return Negate(Multiply(negatedLeft.Operand, right));
        if (right is NegateExpression negatedRight)
            return Negate(Multiply(left, negatedRight.Operand));
        if (left is NumberLiteral a && right is NumberLiteral b)
            return Number(a.Value * b.Value);
        // a (b c) is (a b) c, and a (b / c) is (a b) / c: products print flat, without parentheses.
        if (right is BinaryExpression { Operator: BinaryOperator.Join or BinaryOperator.Divide } product)
            return product.Operator == BinaryOperator.Join
                ? Multiply(Multiply(left, product.Left), product.Right)
                : Divide(Multiply(left, product.Left), product.Right);
        return new BinaryExpression(left, BinaryOperator.Join, right, None);
    }

    /// <summary>The product of the factors, 1 when there are none.</summary>
    public static Expression Product(IEnumerable<Expression> factors) => factors.Aggregate((Expression)Number(1), Multiply);

    public static Expression Divide(Expression left, Expression right)
    {
        if (IsNumber(left, 0))
            return Number(0);
        if (IsNumber(right, 1))
            return left;
        if (left is NegateExpression negated)
            return Negate(Divide(negated.Operand, right));
        return new BinaryExpression(left, BinaryOperator.Divide, right, None);
    }

    public static Expression Add(Expression left, Expression right)
    {
        if (IsNumber(left, 0))
            return right;
        if (IsNumber(right, 0))
            return left;
        if (right is NegateExpression negated)
            return new BinaryExpression(left, BinaryOperator.Subtract, negated.Operand, None);
        return new BinaryExpression(left, BinaryOperator.Add, right, None);
    }

    public static Expression Subtract(Expression left, Expression right)
    {
        if (IsNumber(right, 0))
            return left;
        if (IsNumber(left, 0))
            return Negate(right);
        if (right is NegateExpression negated)
            return new BinaryExpression(left, BinaryOperator.Add, negated.Operand, None);
        return new BinaryExpression(left, BinaryOperator.Subtract, right, None);
    }

    public static Expression Power(Expression @base, Expression exponent)
    {
        if (IsNumber(exponent, 1))
            return @base;
        if (IsNumber(exponent, 0))
            return Number(1);
        return new BinaryExpression(@base, BinaryOperator.Power, exponent, None);
    }

    public static EquationStatement Equation(TensorReference target, ProjectionOperator op, Expression value) => new(target, op, value, None);

    public static QueryStatement Query(TensorReference target) => new(target, None);

    /// <summary><c>Name : real[4, 8]</c>, or <c>Name : real</c> for a scalar.</summary>
    public static DeclarationStatement Declaration(string name, string type, IEnumerable<int> sizes) =>
        new(Name(name), Name(type), [.. sizes.Select(s => (Dimension)new SizeDimension(s, None))], None);
}
