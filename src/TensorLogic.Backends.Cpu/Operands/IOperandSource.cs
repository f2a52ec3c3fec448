using System.Numerics;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Operands;

/// <summary>What CPU kernels read: the current value of each real tensor as a buffer, and relations as they are.</summary>
public interface IOperandSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The current value of a real tensor (or a Boolean one as 0/1), shaped as the tensor.</summary>
    DenseTensor<T> Dense(TensorSymbol tensor);

    /// <summary>The current value of a Boolean tensor as its set of true tuples.</summary>
    Relation Relation(TensorSymbol tensor);

    /// <summary>The current value of a real tensor held as weighted tuples, else null (then <see cref="Dense"/> gives it).</summary>
    SparseTensor? Sparse(TensorSymbol tensor) => null;
}
