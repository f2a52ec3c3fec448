using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Runtime.Reference;

/// <summary>The value of an IR expression under one binding, computed in double precision.</summary>
internal static class ExpressionEvaluator
{
    public static double Evaluate(IrExpression expression, ReadOnlySpan<int> binding, ICellReader reader)
    {
        switch (expression)
        {
            case IrConstant constant:
                return constant.Value;
            case IrTensorRead read:
                return Read(read.Access, binding, reader);
            case IrIndexValue value:
                return value.Index.Evaluate(binding);
            case IrCall call:
                Span<double> arguments = stackalloc double[call.Arguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                    arguments[i] = Evaluate(call.Arguments[i], binding, reader);
                return ElementwiseFunctions.Apply(call.Function, arguments);
            case IrUnary unary:
                var operand = Evaluate(unary.Operand, binding, reader);
                return unary.Operator switch
                {
                    UnaryOperator.Negate => -operand,
                    UnaryOperator.Reciprocal => 1 / operand,
                    _ => operand > 0 ? 0 : 1,
                };
            case IrBinary binary:
                return ElementwiseFunctions.Apply(binary.Operator, Evaluate(binary.Left, binding, reader), Evaluate(binary.Right, binding, reader));
            case IrComparison comparison:
                return comparison.Holds(binding) ? 1 : 0;
            case IrIndexPredicate predicate:
                return predicate.Holds(binding) ? 1 : 0;
            default:
                throw new InvalidOperationException($"unexpected expression {expression.GetType().Name}");
        }
    }

    /// <summary>A tensor element; an index outside the shape reads 0 (the binding is rejected before this for top-level reads).</summary>
    private static double Read(IrAccess reference, ReadOnlySpan<int> binding, ICellReader reader)
    {
        Span<int> cell = stackalloc int[reference.Indices.Length];
        for (var p = 0; p < cell.Length; p++)
        {
            var value = reference.Indices[p].Evaluate(binding);
            if (value < 0 || value >= reference.Tensor.Domains[p].Size)
                return 0;
            cell[p] = (int)value;
        }
        return reader.Get(reference.Tensor, cell);
    }
}
