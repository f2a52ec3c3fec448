using System.Numerics;
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
