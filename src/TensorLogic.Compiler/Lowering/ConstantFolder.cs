using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Lowering;

/// <summary>
/// The value of a factor that depends on no index and no tensor (<c>1/sqrt(Dk)</c> with <c>Dk = 4</c> is
/// 0.5), so lowering can fold it into a kernel's scale instead of computing it per element.
/// </summary>
public static class ConstantFolder
{
    public static double? Value(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundConstant constant:
                return constant.Value;
            case BoundTensorRead { Reference: { Indices.IsEmpty: true, Tensor.ConstantValue: { } value } }:
                return value;
            case BoundUnary unary when Value(unary.Operand) is { } operand:
                return unary.Operator switch
                {
                    UnaryOperator.Negate => -operand,
                    UnaryOperator.Reciprocal => 1 / operand,
                    _ => operand > 0 ? 0 : 1,
                };
            case BoundBinary binary when Value(binary.Left) is { } left && Value(binary.Right) is { } right:
                return ElementwiseFunctions.Apply(binary.Operator, left, right);
            case BoundCall call:
                var arguments = call.Arguments.Select(Value).ToList();
                return arguments.Any(a => a is null) ? null : ElementwiseFunctions.Apply(call.Function, arguments.Select(a => a!.Value).ToArray());
            default:
                return null;
        }
    }
}
