using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.IR;

/// <summary>
/// A value a kernel computes per binding of an equation's variables (no projection inside it), the factors
/// of a term evaluated binding by binding.
/// </summary>
public abstract record IrExpression(SourceLocation Location)
{
    /// <summary>Every tensor access inside the expression, in order.</summary>
    public IEnumerable<IrAccess> Reads() => this switch
    {
        IrTensorRead read => [read.Access],
        IrCall call => call.Arguments.SelectMany(a => a.Reads()),
        IrUnary unary => unary.Operand.Reads(),
        IrBinary binary => binary.Left.Reads().Concat(binary.Right.Reads()),
        _ => [],
    };

    /// <summary>Every index variable the expression mentions (a virtual index's too).</summary>
    public IEnumerable<IrIndex> Variables() => this switch
    {
        IrTensorRead read => read.Access.Indices.SelectMany(i => i.Variables())
            .Concat(read.Access.Virtual is { } v ? [v.Variable] : []),
        IrIndexValue value => value.Index.Variables(),
        IrCall call => call.Arguments.SelectMany(a => a.Variables()),
        IrUnary unary => unary.Operand.Variables(),
        IrBinary binary => binary.Left.Variables().Concat(binary.Right.Variables()),
        IrComparison comparison => comparison.Left.Variables().Concat(comparison.Right.Variables()),
        IrIndexPredicate predicate => predicate.Index.Variables(),
        _ => [],
    };
}

/// <summary><c>0.5</c> in <c>Y[i] = 0.5 X[i]</c>.</summary>
public sealed record IrConstant(double Value, SourceLocation Location) : IrExpression(Location);

/// <summary><c>X[i+1]</c> in <c>Y[i] = X[i+1]</c>: a tensor element; Boolean tensors read as 0 or 1.</summary>
public sealed record IrTensorRead(IrAccess Access) : IrExpression(Access.Location);

/// <summary><c>p</c> in <c>Pe[p, d] = sin(p / L^(d/De))</c>: an index value used as a number.</summary>
public sealed record IrIndexValue(IrIndexExpression Index, SourceLocation Location) : IrExpression(Location);

/// <summary><c>relu(X[i])</c> in <c>Y[i] = relu(X[i]) W[i]</c>: an elementwise call of a built-in inside a term.</summary>
public sealed record IrCall(BuiltinFunction Function, ImmutableArray<IrExpression> Arguments, SourceLocation Location)
    : IrExpression(Location);

/// <summary>
/// <c>-X[i]</c>, <c>1/X[i]</c> (from <c>Y[i] = W[i] / X[i]</c>) or <c>not R(x)</c> (from
/// <c>S(x) &lt;- P(x), not R(x)</c>).
/// </summary>
public sealed record IrUnary(UnaryOperator Operator, IrExpression Operand, SourceLocation Location) : IrExpression(Location);

/// <summary><c>(X[i] - M[i])</c> in <c>Y[i] = (X[i] - M[i])^2</c>.</summary>
public sealed record IrBinary(IrExpression Left, BinaryOperator Operator, IrExpression Right, SourceLocation Location)
    : IrExpression(Location);

/// <summary><c>x != y</c> in <c>Sibling(x, y) &lt;- Parent(p, x), Parent(p, y), x != y</c>: 1 when it holds, else 0.</summary>
public sealed record IrComparison(IrIndexExpression Left, ComparisonOperator Operator, IrIndexExpression Right, SourceLocation Location)
    : IrExpression(Location)
{
    public bool Holds(ReadOnlySpan<int> binding) => IndexSemantics.Compare(Operator, Left.Evaluate(binding), Right.Evaluate(binding));
}

/// <summary><c>Even(d)</c> in <c>Pe[p, d] = Even(d) sin(p) + Odd(d) cos(p)</c>: 1 when it holds, else 0.</summary>
public sealed record IrIndexPredicate(IndexPredicateKind Kind, IrIndexExpression Index, SourceLocation Location)
    : IrExpression(Location)
{
    public bool Holds(ReadOnlySpan<int> binding) => IndexSemantics.HasParity(Kind, Index.Evaluate(binding));
}
