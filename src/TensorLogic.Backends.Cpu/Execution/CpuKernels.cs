using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>
/// The CPU engine's kernel provider: it compiles each IR equation into a <see cref="CpuEquationKernel{T}"/>
/// (planned contractions, broadcasts, windows, compiled loop nests, a fused epilogue), and declines what its
/// dense kernels do not compute: relations that recursion or a loop updates tuple by tuple, and relations
/// too large to hold as a dense 0/1 array.
/// </summary>
public sealed class CpuKernels<T>(int threads) : IKernelProvider<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A relation computed densely needs a 0/1 cell per tuple it could hold.</summary>
    private const long MaxDenseRelationCells = 1 << 24;

    public string Name { get; } = typeof(T) == typeof(float) ? "cpu" : "cpu-f64";

    public KernelChoice<T> TryCompile(IrEquation equation, IrStratum stratum)
    {
        if (equation.Target.IsBoolean)
        {
            if (stratum.Kind != StratumKind.Once)
                return KernelChoice<T>.Declined("a relation that recursion or a loop updates is evaluated tuple by tuple, not by dense kernels");
            var cells = equation.Target.Shape.Aggregate(1L, (a, s) => a * s);
            if (cells > MaxDenseRelationCells)
                return KernelChoice<T>.Declined($"the relation has {cells:N0} possible tuples, too many to compute as a dense 0/1 array");
        }
        return KernelChoice<T>.Compiled(new CpuEquationKernel<T>(equation, threads));
    }

    public void Dispose()
    {
    }
}
