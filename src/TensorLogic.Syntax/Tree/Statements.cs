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

/// <summary>
/// An import of another program file. Without <see cref="Alias"/> (<c>import "lib/rules.tl"</c>) the file's
/// statements join the importer's; with one (<c>import "std/nn.tl" as enc with X=Features, Hidden=64</c>)
/// they form an instance whose tensors are named <c>enc.…</c>, and <see cref="Arguments"/> give the module's
/// inputs and parameters (docs/language.md §11). Arguments are only allowed with an alias.
/// </summary>
public sealed record ImportStatement(StringLiteral Path, Identifier? Alias, ImmutableArray<Setting> Arguments, TextSpan Span)
    : Statement(Span);

/// <summary>
/// Tensors a module reads but does not define, which each importer provides: <c>input Edge, X</c>. Inside
/// the module they keep these names; in an instance they stand for the tensors the import names.
/// </summary>
public sealed record InputStatement(ImmutableArray<Identifier> Tensors, TextSpan Span) : Statement(Span);

/// <summary>
/// Numbers a module is written in terms of, each with an optional default: <c>param Hidden=16, Out</c>.
/// Each becomes a named constant of the instance, set by the import's <c>with</c> list or its default.
/// </summary>
public sealed record ParamStatement(ImmutableArray<ModuleParameter> Parameters, TextSpan Span) : Statement(Span);

/// <summary>One parameter of a <see cref="ParamStatement"/>: <c>Hidden=16</c>, or <c>Out</c> without a default.</summary>
public sealed record ModuleParameter(Identifier Name, NumberSettingValue? Default, TextSpan Span) : SyntaxNode(Span);

/// <summary>One domain of a declaration: a size (<c>8</c>) or a named domain (<c>Person</c>).</summary>
public abstract record Dimension(TextSpan Span) : SyntaxNode(Span);

public sealed record SizeDimension(int Size, TextSpan Span) : Dimension(Span);

public sealed record NamedDimension(Identifier Name, TextSpan Span) : Dimension(Span);

/// <summary>
/// What to learn: <c>learn Loss wrt W1, B1 with lr=0.01, epochs=200</c>. <see cref="Learned"/> is the
/// <c>wrt</c> list, empty when the statement has none (then every tensor that is neither data nor computed
/// is learned, unless fixed). The directives only matter to <c>tlc train</c>; running ignores them.
/// </summary>
public sealed record LearnStatement(Identifier Loss, ImmutableArray<Identifier> Learned, ImmutableArray<Setting> Settings, TextSpan Span)
    : Statement(Span);

/// <summary>Tensors that are never learned, e.g. <c>fixed T, Scale</c>.</summary>
public sealed record FixedStatement(ImmutableArray<Identifier> Tensors, TextSpan Span) : Statement(Span);

/// <summary>How learned tensors start, e.g. <c>init W1, W2 with scheme=he, scale=0.5</c>.</summary>
public sealed record InitStatement(ImmutableArray<Identifier> Tensors, ImmutableArray<Setting> Settings, TextSpan Span)
    : Statement(Span);
