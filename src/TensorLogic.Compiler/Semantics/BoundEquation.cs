using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Semantics;

/// <summary>How the values of the bindings that reach one cell are combined (the projection operator).</summary>
public enum Aggregation
{
    /// <summary><c>=</c> and <c>+=</c>.</summary>
    Sum,
    Max,
    Min,
    Average,
}

/// <summary>
/// One additive term of an equation: <c>Sign · Π Factors</c>, evaluated for every binding of
/// <see cref="Variables"/> (the left-hand side's variables and the term's own). Variables not on the
/// left-hand side are thereby projected.
/// </summary>
public sealed record BoundTerm(
    int Sign,
    ImmutableArray<BoundExpression> Factors,
    ImmutableArray<IndexVariable> Variables,
    SourceLocation Location);

/// <summary>
/// The outermost function of an equation, applied after the terms are projected and summed.
/// <see cref="ExtraArguments"/> are the scalar arguments after the first (the temperature of <c>sig</c>,
/// the exponent of <c>pow</c>); <see cref="NormalizedAxes"/> are the stored LHS positions a normalization
/// acts along.
/// </summary>
public sealed record OuterFunction(
    BuiltinFunction Function,
    ImmutableArray<BoundExpression> ExtraArguments,
    ImmutableArray<int> NormalizedAxes);

/// <summary>
/// A checked tensor equation (Datalog rules become equations too):
/// <c>Target[lhs] Aggregation= Function(Σ terms)</c>.
/// </summary>
public sealed record BoundEquation(
    BoundTensorRef Target,
    Aggregation Aggregation,
    OuterFunction? Function,
    ImmutableArray<BoundTerm> Terms,
    ImmutableArray<IndexVariable> Variables,
    bool IsRule,
    string Text,
    SourceLocation Location)
{
    /// <summary>Every tensor the equation reads, with whether the read is negated (<c>not R(x)</c>).</summary>
    public IEnumerable<(TensorSymbol Tensor, bool Negated)> Reads() =>
        Terms.SelectMany(t => t.Factors).Concat(Function?.ExtraArguments ?? []).SelectMany(e => ReadsOf(e, false));

    private static IEnumerable<(TensorSymbol, bool)> ReadsOf(BoundExpression expression, bool negated) => expression switch
    {
        BoundTensorRead read => [(read.Reference.Tensor, negated)],
        BoundCall call => call.Arguments.SelectMany(a => ReadsOf(a, negated)),
        BoundUnary unary => ReadsOf(unary.Operand, negated || unary.Operator == UnaryOperator.Not),
        BoundBinary binary => ReadsOf(binary.Left, negated).Concat(ReadsOf(binary.Right, negated)),
        _ => [],
    };

    /// <summary>The virtual (loop) index of the target, if the equation is a sequential loop.</summary>
    public VirtualIndexUse? Loop => Target.Virtual;

    public override string ToString() => Text;
}
