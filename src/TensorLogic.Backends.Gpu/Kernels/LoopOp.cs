namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// The instructions of a loop term's program (<see cref="LoopKernels.Interpret"/>), each an int followed by its
/// operands in the code. Index instructions work on a stack of longs (the integers of
/// <c>Compiler.Semantics.IndexSemantics</c>), value instructions on a stack of floats; a read or the target
/// takes its positions from the index stack.
/// </summary>
public enum LoopOp
{
    /// <summary><c>Variable slot</c>: pushes the binding's value of a term variable.</summary>
    Variable,

    /// <summary><c>IndexConstant value</c>: pushes an integer.</summary>
    IndexConstant,

    /// <summary><c>IndexArithmetic operator</c>: pops right and left, pushes <c>IndexSemantics.Apply</c> (an <c>IndexOperator</c>).</summary>
    IndexArithmetic,

    /// <summary>Negates the top index.</summary>
    IndexNegate,

    /// <summary>
    /// <c>Target rank size₀ … sizeₙ₋₁</c>: pops the target's positions and makes them the binding's cell; a
    /// position outside its size drops the binding.
    /// </summary>
    Target,

    /// <summary>
    /// <c>Read tensor rank size₀ … sizeₙ₋₁</c>: pops the positions and pushes the element of tensor number
    /// <c>tensor</c>; a position outside its size drops the binding (as the reference's range check does).
    /// </summary>
    Read,

    /// <summary><c>Constant k</c>: pushes constant number k.</summary>
    Constant,

    /// <summary>Pops an index and pushes it as a value.</summary>
    IndexValue,

    /// <summary><c>Call function</c>: pops the argument and x, pushes the built-in (<see cref="BuiltinCalls"/>).</summary>
    Call,

    /// <summary>Negates the top value.</summary>
    Negate,

    /// <summary>Replaces the top value by its reciprocal.</summary>
    Reciprocal,

    /// <summary>Replaces the top value x by 1 when x ≤ 0 or NaN, else 0 (<c>not</c>).</summary>
    Not,

    /// <summary><c>Binary operator</c>: pops right and left, pushes <c>ElementwiseFunctions.Apply</c> (a <c>BinaryOperator</c>).</summary>
    Binary,

    /// <summary><c>Compare operator</c>: pops two indices, pushes 1 when <c>IndexSemantics.Compare</c> holds, else 0.</summary>
    Compare,

    /// <summary><c>Parity kind</c>: pops an index, pushes 1 when <c>IndexSemantics.HasParity</c> holds, else 0.</summary>
    Parity,

    /// <summary>Drops the binding when the top value is 0: a top-level Boolean factor decides whether it exists.</summary>
    Filter,

    /// <summary>Pops two values and pushes their product.</summary>
    Multiply,
}
