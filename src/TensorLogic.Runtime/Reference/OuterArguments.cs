using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Runtime.Reference;

/// <summary>
/// The scalar arguments of an outer function after the first (sig's temperature, pow's exponent): they
/// depend on no index, so every engine evaluates them once per call, with the reference's definition.
/// </summary>
public static class OuterArguments
{
    public static T[] Evaluate<T>(IrOuterFunction function, ICellReader reader)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. function.ExtraArguments.Select(a => T.CreateChecked(ExpressionEvaluator.Evaluate(a, [], reader)))];
}
