using System.Numerics;
using TensorLogic.Backends.Cpu.Relational;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>
/// The CPU engine's kernel provider: it compiles each IR equation into a <see cref="CpuEquationKernel{T}"/>
/// (planned contractions, broadcasts, windows, compiled loop nests, a fused epilogue), or, for a rule whose
/// relation recursion updates or that is too large to compute as a dense 0/1 array, a <see cref="RuleKernel{T}"/>
/// that joins it tuple by tuple. What neither can do (a recursive relation defined by arithmetic) it declines.
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
            var cells = equation.Target.Shape.Aggregate(1L, (a, s) => a * s);
            if (stratum.Kind != StratumKind.Once || cells > MaxDenseRelationCells)
            {
                var (rule, reason) = RuleKernel<T>.For(equation);
                if (rule is not null)
                    return KernelChoice<T>.Compiled(rule);
                return KernelChoice<T>.Declined(stratum.Kind != StratumKind.Once
                    ? $"a relation that recursion or a loop updates is joined tuple by tuple, and this equation is not a rule: {reason}"
                    : $"the relation has {cells:N0} possible tuples, too many to compute as a dense 0/1 array, and this equation is not a rule: {reason}");
            }
        }
        return KernelChoice<T>.Compiled(new CpuEquationKernel<T>(equation, threads));
    }

    public void Dispose()
    {
    }
}
