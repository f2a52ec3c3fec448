using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Tree;

public abstract record Statement(TextSpan Span) : SyntaxNode(Span);

/// <summary>How the contributions of an equation's bindings combine in a cell: <c>= += max= min= avg=</c>.</summary>
public enum ProjectionOperator
{
    /// <summary><c>=</c>, a synonym of <c>+=</c>: sum.</summary>
    Assign,

    /// <summary><c>+=</c>: sum.</summary>
    Add,

    /// <summary><c>max=</c>: maximum over the bindings that reach the cell.</summary>
    Max,

    /// <summary><c>min=</c>: minimum over the bindings that reach the cell.</summary>
    Min,

    /// <summary><c>avg=</c>: mean over the bindings that reach the cell.</summary>
    Average,
}

/// <summary>A tensor equation, e.g. <c>Y[i] = step(W[i, j] X[j])</c>.</summary>
public sealed record EquationStatement(TensorReference Target, ProjectionOperator Operator, Expression Value, TextSpan Span)
    : Statement(Span);

/// <summary>A tensor given by its elements, e.g. <c>W = [0.2, 1.9, -0.7, 3]</c>.</summary>
public sealed record LiteralStatement(TensorReference Target, ProjectionOperator Operator, TensorLiteral Value, TextSpan Span)
    : Statement(Span);

/// <summary>A tensor read from a file, e.g. <c>Edge = "data/edges.tsv"</c>.</summary>
public sealed record FileReadStatement(TensorReference Target, ProjectionOperator Operator, StringLiteral Path, TextSpan Span)
    : Statement(Span);

/// <summary>A tensor written to a file, e.g. <c>"out.npy" = Y</c>.</summary>
public sealed record FileWriteStatement(StringLiteral Path, TensorReference Source, TextSpan Span) : Statement(Span);

/// <summary>A Datalog rule, e.g. <c>Ancestor(x, z) &lt;- Ancestor(x, y), Parent(y, z)</c>.</summary>
public sealed record RuleStatement(TensorReference Head, ImmutableArray<BodyLiteral> Body, TextSpan Span) : Statement(Span);

/// <summary>A fact, e.g. <c>Parent(Bob, Charlie)</c>. A line of several facts gives one statement each.</summary>
public sealed record FactStatement(TensorReference Fact, TextSpan Span) : Statement(Span);

/// <summary>A query, e.g. <c>Y?</c>, <c>T[A, x]?</c> or <c>Ancestor(Alice, x)?</c>.</summary>
public sealed record QueryStatement(TensorReference Target, TextSpan Span) : Statement(Span);

/// <summary>
/// A declaration of a tensor's type and domains, e.g. <c>Parent : bool[Person, Person]</c>,
/// <c>W : real[4, 8]</c> or <c>Loss : real</c>. Without brackets the tensor is a scalar.
/// </summary>
public sealed record DeclarationStatement(
    Identifier Name,
    Identifier TypeName,
    ImmutableArray<Dimension> Dimensions,
    TextSpan Span) : Statement(Span);

/// <summary>An import of another program file, e.g. <c>import "stdlib/logic.tl"</c>.</summary>
public sealed record ImportStatement(StringLiteral Path, TextSpan Span) : Statement(Span);

/// <summary>One domain of a declaration: a size (<c>8</c>) or a named domain (<c>Person</c>).</summary>
public abstract record Dimension(TextSpan Span) : SyntaxNode(Span);

public sealed record SizeDimension(int Size, TextSpan Span) : Dimension(Span);

public sealed record NamedDimension(Identifier Name, TextSpan Span) : Dimension(Span);
