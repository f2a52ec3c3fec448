using System.Collections.Immutable;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// A reference to a tensor with resolved indices. <see cref="Indices"/> holds the stored positions only;
/// a virtual index (<c>*t</c>) is kept apart in <see cref="Virtual"/>.
/// </summary>
public sealed record BoundTensorRef(
    TensorSymbol Tensor,
    ImmutableArray<BoundIndex> Indices,
    VirtualIndexUse? Virtual,
    SourceLocation Location)
{
    public override string ToString() => $"{Tensor.Name}[{string.Join(", ", Indices)}]";
}

/// <summary><c>*t</c> (offset 0) or <c>*t+1</c> (offset 1) at a written position of a reference.</summary>
public sealed record VirtualIndexUse(IndexVariable Variable, int Offset, int Position);

/// <summary>A value computed per binding of an equation's variables; no projection happens inside it.</summary>
public abstract record BoundExpression(SourceLocation Location);

public sealed record BoundConstant(double Value, SourceLocation Location) : BoundExpression(Location);

/// <summary>A tensor element; Boolean tensors read as 0 or 1.</summary>
public sealed record BoundTensorRead(BoundTensorRef Reference) : BoundExpression(Reference.Location);

/// <summary>An index variable's value used as a number: <c>p</c> in <c>sin(p / L^(d/De))</c>.</summary>
public sealed record BoundIndexValue(BoundIndex Index, SourceLocation Location) : BoundExpression(Location);

/// <summary>An elementwise call of a built-in function.</summary>
public sealed record BoundCall(BuiltinFunction Function, ImmutableArray<BoundExpression> Arguments, SourceLocation Location)
    : BoundExpression(Location);

public enum UnaryOperator
{
    Negate,

    /// <summary>1 / x, from a division inside a term.</summary>
    Reciprocal,

    /// <summary>1 - x of a Boolean, from <c>not R(x)</c> in a rule body.</summary>
    Not,
}

public sealed record BoundUnary(UnaryOperator Operator, BoundExpression Operand, SourceLocation Location)
    : BoundExpression(Location);

public sealed record BoundBinary(BoundExpression Left, BinaryOperator Operator, BoundExpression Right, SourceLocation Location)
    : BoundExpression(Location);

/// <summary>1 when the comparison of index values holds, else 0: <c>x != y</c>.</summary>
public sealed record BoundComparison(BoundIndex Left, ComparisonOperator Operator, BoundIndex Right, SourceLocation Location)
    : BoundExpression(Location)
{
    public bool Holds(ReadOnlySpan<int> binding) => IndexSemantics.Compare(Operator, Left.Evaluate(binding), Right.Evaluate(binding));
}

public enum IndexPredicateKind
{
    Even,
    Odd,
}

/// <summary>The built-in relations <c>Even(d)</c> and <c>Odd(d)</c> on integer index values.</summary>
public sealed record BoundIndexPredicate(IndexPredicateKind Kind, BoundIndex Index, SourceLocation Location)
    : BoundExpression(Location)
{
    public bool Holds(ReadOnlySpan<int> binding) => IndexSemantics.HasParity(Kind, Index.Evaluate(binding));
}
