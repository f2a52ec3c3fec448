using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Tree;

/// <summary>How a tensor reference was written; the style decides whether it denotes a Boolean tensor.</summary>
public enum ReferenceStyle
{
    /// <summary>A bare name, a rank-0 tensor or a named constant: <c>Y</c>, <c>S</c>.</summary>
    Scalar,

    /// <summary>Square brackets: <c>W[i, j]</c>.</summary>
    Bracket,

    /// <summary>Parentheses, a Boolean tensor or Datalog atom: <c>Parent(x, y)</c>.</summary>
    Paren,
}

/// <summary>A tensor with its indices, as written on either side of an equation, in a rule, fact or query.</summary>
public sealed record TensorReference(Identifier Name, ReferenceStyle Style, ImmutableArray<IndexItem> Indices, TextSpan Span)
    : SyntaxNode(Span)
{
    public int Rank => Indices.Length;
}

/// <summary>One position of a tensor reference.</summary>
public abstract record IndexItem(TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// An ordinary index: a variable, constant or index arithmetic (<c>i</c>, <c>Alice</c>, <c>t+1</c>,
/// <c>x/S</c>). <see cref="IsNormalized"/> marks the axis of a softmax or lnorm on a left-hand side (<c>p'.</c>).
/// </summary>
public sealed record PlainIndex(IndexExpression Expression, bool IsNormalized, TextSpan Span) : IndexItem(Span);

/// <summary>A virtual index, <c>*t</c> or <c>*t+1</c>: a loop over t that keeps only the current slice.</summary>
public sealed record VirtualIndex(IndexExpression Expression, TextSpan Span) : IndexItem(Span);

/// <summary>A half-open slice, <c>4:8</c>, <c>4:</c>, <c>:8</c> or <c>:</c>.</summary>
public sealed record SliceIndex(IndexExpression? From, IndexExpression? To, TextSpan Span) : IndexItem(Span);

public enum IndexOperator
{
    Add,
    Subtract,
    Multiply,

    /// <summary><c>/</c> on indices is integer division (floor), as in <c>Pooled[x/S, y/S]</c>.</summary>
    Divide,
    Modulo,
}

/// <summary>Arithmetic on index values; evaluates to an integer or a symbol.</summary>
public abstract record IndexExpression(TextSpan Span) : SyntaxNode(Span);

/// <summary>A name in an index position: a variable if lowercase (<c>x</c>), else a constant (<c>Alice</c>, <c>S</c>).</summary>
public sealed record IndexName(Identifier Name, TextSpan Span) : IndexExpression(Span);

/// <summary>An integer index constant, <c>0</c>.</summary>
public sealed record IndexNumber(long Value, TextSpan Span) : IndexExpression(Span);

/// <summary>A quoted symbol constant, <c>"New York"</c>.</summary>
public sealed record IndexSymbol(string Value, TextSpan Span) : IndexExpression(Span);

public sealed record IndexBinary(IndexExpression Left, IndexOperator Operator, IndexExpression Right, TextSpan Span)
    : IndexExpression(Span);

public sealed record IndexNegate(IndexExpression Operand, TextSpan Span) : IndexExpression(Span);

/// <summary>One conjunct of a rule body.</summary>
public abstract record BodyLiteral(TextSpan Span) : SyntaxNode(Span);

/// <summary>An atom, possibly negated: <c>Parent(x, y)</c>, <c>not Parent(x, y)</c>.</summary>
public sealed record AtomLiteral(TensorReference Atom, bool IsNegated, TextSpan Span) : BodyLiteral(Span);

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>A comparison of index values, <c>x != y</c> or <c>t &lt; 5</c>.</summary>
public sealed record ComparisonLiteral(IndexExpression Left, ComparisonOperator Operator, IndexExpression Right, TextSpan Span)
    : BodyLiteral(Span);
