using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Tree;

/// <summary>The right-hand side of an equation or a part of it.</summary>
public abstract record Expression(TextSpan Span) : SyntaxNode(Span);

/// <summary>A numeric constant, <c>2</c> or <c>0.5</c>, with its text as written.</summary>
public sealed record NumberLiteral(double Value, string Text, TextSpan Span) : Expression(Span);

/// <summary>
/// A bare name: a rank-0 tensor or named constant (<c>C</c>, <c>Dk</c>, <c>n</c>), or an index variable of
/// the equation used as a number (<c>p</c> in <c>sin(p / L^(d/De))</c>). The binder decides which.
/// </summary>
public sealed record NameExpression(Identifier Name, TextSpan Span) : Expression(Span);

/// <summary>A tensor with indices, <c>W[i, j]</c>, or a Boolean atom used as a factor, <c>Neig(n, n')</c>.</summary>
public sealed record TensorExpression(TensorReference Reference, TextSpan Span) : Expression(Span);

/// <summary>A call of a built-in or attached function, <c>sig(x, T)</c>. Function names are lowercase.</summary>
public sealed record CallExpression(Identifier Function, ImmutableArray<Expression> Arguments, TextSpan Span)
    : Expression(Span);

/// <summary>Unary minus, <c>-x</c>.</summary>
public sealed record NegateExpression(Expression Operand, TextSpan Span) : Expression(Span);

public enum BinaryOperator
{
    Add,
    Subtract,

    /// <summary>The join, written by juxtaposition (<c>W[i] X[i]</c>) or with <c>*</c>.</summary>
    Join,
    Divide,

    /// <summary>Floored remainder, <c>%</c>.</summary>
    Modulo,

    /// <summary><c>^</c>, right-associative and tighter than unary minus: <c>-x^2</c> is <c>-(x^2)</c>.</summary>
    Power,
}

public sealed record BinaryExpression(Expression Left, BinaryOperator Operator, Expression Right, TextSpan Span)
    : Expression(Span);

/// <summary>A tensor literal element: a number or a nested list.</summary>
public abstract record LiteralElement(TextSpan Span) : SyntaxNode(Span);

public sealed record LiteralNumber(double Value, string Text, TextSpan Span) : LiteralElement(Span);

/// <summary>A tensor given by its elements, nested one level per rank: <c>[[1, 2], [3, 4]]</c>.</summary>
public sealed record TensorLiteral(ImmutableArray<LiteralElement> Elements, TextSpan Span) : LiteralElement(Span);
