using System.Globalization;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.IR;

/// <summary>
/// The text of IR expressions in the IR dump: exactly what <see cref="BoundProgramPrinter"/> prints for the
/// bound expressions they were lowered from, so both dumps read alike (<c>X[(j+1)]</c>, <c>#p</c>, <c>[x != y]</c>).
/// </summary>
public static class IrExpressionPrinter
{
    public static string Print(IrAccess access)
    {
        var indices = access.Indices.Select(i => i.ToString()).ToList();
        if (access.Virtual is { } v)
            indices.Insert(Math.Min(v.Position, indices.Count), "*" + v.Variable.Name + (v.Offset > 0 ? $"+{v.Offset}" : ""));
        return indices.Count == 0 ? access.Tensor.Name : $"{access.Tensor.Name}[{string.Join(", ", indices)}]";
    }

    public static string Print(IrExpression expression) => expression switch
    {
        IrConstant constant => constant.Value.ToString(CultureInfo.InvariantCulture),
        IrTensorRead read => Print(read.Access),
        IrIndexValue value => $"#{value.Index}",
        IrCall call => $"{call.Function.Name}({string.Join(", ", call.Arguments.Select(Print))})",
        IrUnary { Operator: UnaryOperator.Negate } unary => $"-{Print(unary.Operand)}",
        IrUnary { Operator: UnaryOperator.Reciprocal } unary => $"1/{Print(unary.Operand)}",
        IrUnary unary => $"not {Print(unary.Operand)}",
        IrBinary binary => $"({Print(binary.Left)} {BoundProgramPrinter.Symbol(binary.Operator)} {Print(binary.Right)})",
        IrComparison comparison => $"[{comparison.Left} {Syntax.Formatting.Formatter.Format(comparison.Operator)} {comparison.Right}]",
        IrIndexPredicate predicate => $"{predicate.Kind}({predicate.Index})",
        _ => "?",
    };
}
