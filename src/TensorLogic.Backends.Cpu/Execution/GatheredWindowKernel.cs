using System.Numerics;
using TensorLogic.Backends.Cpu.Contraction;
using TensorLogic.Backends.Cpu.Convolution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>The window gathered into its own tensor (<see cref="WindowGather{T}"/>), then the planned contraction over it.</summary>
internal sealed class GatheredWindowKernel<T>(WindowTerm term, int threads) : IWindowKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ContractionExecutor<T> _contraction = new(term.Contraction, threads);

    public string Kind { get; } = "window+" + string.Join("+", term.Contraction.Plan.Steps.Select(s => s.Kind.ToString().ToLowerInvariant()).Distinct());

    public void Add(IOperandSource<T> operands, DenseTensor<T> values, bool overwrite)
    {
        WindowGather<T>.Fill(term, operands.Dense(term.Source), operands.Dense(term.Window.Tensor));
        _contraction.Execute(operands, values);
    }
}
