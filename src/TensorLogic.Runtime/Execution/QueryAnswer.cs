using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Execution;

/// <summary>The answer to one query, in one of three shapes.</summary>
public abstract record QueryAnswer(BoundQuery Query);

/// <summary>A ground Boolean query: <c>Ancestor(Alice, Charlie)?</c> is true.</summary>
public sealed record TruthAnswer(BoundQuery Query, bool Value) : QueryAnswer(Query);

/// <summary>
/// A Boolean query with free variables: the bindings that make it true, sorted. <c>R?</c> on a relation
/// lists all its tuples with positional variables <c>$0</c>, <c>$1</c>, ...
/// </summary>
public sealed record RowsAnswer(BoundQuery Query, ImmutableArray<string> Variables, ImmutableArray<ImmutableArray<AnswerValue>> Rows)
    : QueryAnswer(Query);

/// <summary>
/// A real query: the sub-tensor over the free variables (all positions for <c>T?</c>), row-major;
/// an empty shape for a single element.
/// </summary>
public sealed record TensorAnswer(BoundQuery Query, ImmutableArray<int> Shape, ImmutableArray<double> Data, ImmutableArray<Domain> Axes)
    : QueryAnswer(Query)
{
    public bool IsInteger => Query.Tensor.Type == ElementType.Integer;
}

/// <summary>An index value in an answer: a symbol's name, or an integer.</summary>
public readonly record struct AnswerValue(string? Symbol, long Integer) : IComparable<AnswerValue>
{
    public static AnswerValue Of(Domain domain, int value) =>
        domain.Kind == DomainKind.Symbol ? new AnswerValue(domain.Format(value), 0) : new AnswerValue(null, value);

    /// <summary>Integers first, numerically; then symbols, ordinally: a stable, readable sort.</summary>
    public int CompareTo(AnswerValue other) => (Symbol, other.Symbol) switch
    {
        (null, null) => Integer.CompareTo(other.Integer),
        (null, _) => -1,
        (_, null) => 1,
        _ => string.CompareOrdinal(Symbol, other.Symbol),
    };

    public override string ToString() => Symbol ?? Integer.ToString();
}
