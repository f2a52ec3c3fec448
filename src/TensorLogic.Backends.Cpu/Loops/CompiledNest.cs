using System.Numerics;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// A compiled loop nest and what it must be given: which tensor goes into each slot of
/// <see cref="KernelArguments{T}"/>.
/// </summary>
internal sealed class CompiledNest<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public required NestRunner<T> Runner { get; init; }

    public void Run(KernelArguments<T> arguments) => Runner.Run(arguments);

    public required LoopPlan Plan { get; init; }

    public required IReadOnlyList<TensorSymbol> ArrayTensors { get; init; }

    /// <summary>Real tensors read cell by cell from their weighted tuples (<see cref="Runtime.Values.SparseTensor"/>).</summary>
    public required IReadOnlyList<TensorSymbol> WeightedTensors { get; init; }

    public required IReadOnlyList<TensorSymbol> MaskTensors { get; init; }

    public required IReadOnlyList<TensorSymbol> SetTensors { get; init; }

    /// <summary>Relations enumerated by generators or tested tuple by tuple.</summary>
    public required IReadOnlyList<TensorSymbol> RelationTensors { get; init; }

    /// <summary>The length of each scratch array (generator patterns, tuples).</summary>
    public required IReadOnlyList<int> ScratchLengths { get; init; }
}
