using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Lowering;

/// <summary>
/// Translates the bound form of one equation's parts into IR, node kind for node kind, so that the IR keeps
/// no pointer into the bound tree. One converter serves one equation: its variables become the
/// <see cref="IrIndex"/>es of that equation, each variable one index object.
/// </summary>
internal sealed class IrConverter
{
    private readonly Dictionary<IndexVariable, IrIndex> _indices = [];

    public IrIndex Index(IndexVariable variable)
    {
        if (!_indices.TryGetValue(variable, out var index))
            _indices[variable] = index = new IrIndex(variable.Ordinal, variable.Name, variable.Domain.Size);
        return index;
    }

    public IrIndexExpression Index(BoundIndex index) => index switch
    {
        VariableIndex v => new IrVariableIndex(Index(v.Variable)),
        ConstantIndex c => new IrConstantIndex(c.Value, c.Text),
        ArithmeticIndex a => new IrArithmeticIndex(Index(a.Left), a.Operator, Index(a.Right)),
        NegatedIndex n => new IrNegatedIndex(Index(n.Operand)),
        _ => throw new InvalidOperationException($"unexpected index {index.GetType().Name}"),
    };

    public ImmutableArray<IrIndexExpression> Indices(ImmutableArray<BoundIndex> indices) => [.. indices.Select(Index)];

    public IrAccess Access(BoundTensorRef reference) =>
        new(reference.Tensor, Indices(reference.Indices), reference.Location)
        {
            Virtual = reference.Virtual is { } v ? new IrVirtualIndex(Index(v.Variable), v.Offset, v.Position) : null,
        };

    public IrExpression Expression(BoundExpression expression) => expression switch
    {
        BoundConstant c => new IrConstant(c.Value, c.Location),
        BoundTensorRead read => new IrTensorRead(Access(read.Reference)),
        BoundIndexValue value => new IrIndexValue(Index(value.Index), value.Location),
        BoundCall call => new IrCall(call.Function, [.. call.Arguments.Select(Expression)], call.Location),
        BoundUnary unary => new IrUnary(unary.Operator, Expression(unary.Operand), unary.Location),
        BoundBinary binary => new IrBinary(Expression(binary.Left), binary.Operator, Expression(binary.Right), binary.Location),
        BoundComparison comparison => new IrComparison(Index(comparison.Left), comparison.Operator, Index(comparison.Right), comparison.Location),
        BoundIndexPredicate predicate => new IrIndexPredicate(predicate.Kind, Index(predicate.Index), predicate.Location),
        _ => throw new InvalidOperationException($"unexpected expression {expression.GetType().Name}"),
    };

    public IrGenericTerm Term(BoundTerm term) =>
        new(term.Sign, [.. term.Factors.Select(Expression)], [.. term.Variables.Select(Index)], term.Location);

    public IrOuterFunction Function(OuterFunction function) =>
        new(function.Function, [.. function.ExtraArguments.Select(Expression)], function.NormalizedAxes);
}
