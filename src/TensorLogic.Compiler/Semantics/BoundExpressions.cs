namespace TensorLogic.Compiler.Semantics;

/// <summary>Queries over bound expressions that several stages need.</summary>
public static class BoundExpressions
{
    /// <summary>Every tensor reference inside an expression, in order.</summary>
    public static IEnumerable<BoundTensorRef> ReadsIn(BoundExpression expression) => TensorReadsIn(expression).Select(r => r.Reference);

    /// <summary>Every tensor read inside an expression, in order, as the nodes themselves (each occurrence apart).</summary>
    public static IEnumerable<BoundTensorRead> TensorReadsIn(BoundExpression expression) => expression switch
    {
        BoundTensorRead read => [read],
        BoundCall call => call.Arguments.SelectMany(TensorReadsIn),
        BoundUnary unary => TensorReadsIn(unary.Operand),
        BoundBinary binary => TensorReadsIn(binary.Left).Concat(TensorReadsIn(binary.Right)),
        _ => [],
    };

    /// <summary>Every index variable an expression mentions.</summary>
    public static IEnumerable<IndexVariable> VariablesOf(BoundExpression expression) => expression switch
    {
        BoundTensorRead read => read.Reference.Indices.SelectMany(i => i.Variables())
            .Concat(read.Reference.Virtual is { } v ? [v.Variable] : []),
        BoundIndexValue value => value.Index.Variables(),
        BoundCall call => call.Arguments.SelectMany(VariablesOf),
        BoundUnary unary => VariablesOf(unary.Operand),
        BoundBinary binary => VariablesOf(binary.Left).Concat(VariablesOf(binary.Right)),
        BoundComparison comparison => comparison.Left.Variables().Concat(comparison.Right.Variables()),
        BoundIndexPredicate predicate => predicate.Index.Variables(),
        _ => [],
    };
}
