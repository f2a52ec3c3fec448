using System.Numerics;
using TensorLogic.Backends.Cpu.Contraction;
using TensorLogic.Backends.Cpu.Convolution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>
/// Picks a window term's kernel: implicit GEMM (<see cref="ImplicitGemmKernel{T}"/>), which never stores the
/// window, where <see cref="ImplicitGemmLayout"/> covers the term; otherwise the window gathered im2col-style
/// into its tensor, then contracted as planned.
/// </summary>
internal static class WindowKernels
{
    public static IWindowKernel<T> For<T>(WindowTerm term, int threads)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ImplicitGemmLayout.TryCreate(term, out _) is { } layout
            ? new ImplicitGemmKernel<T>(layout, threads)
            : new GatheredWindowKernel<T>(term, threads);
}

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
