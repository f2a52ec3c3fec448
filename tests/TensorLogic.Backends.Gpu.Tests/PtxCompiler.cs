using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>
/// Compiles kernels to PTX with ILGPU's CUDA backend, which needs no GPU. The CPU accelerator the other tests
/// use runs kernels as .NET code, so only this proves a kernel is valid device code (no managed allocation,
/// no call ILGPU cannot translate).
/// </summary>
internal static class PtxCompiler
{
    private static readonly Lazy<(Context Context, PTXBackend Backend)> Backend = new(() =>
    {
        // As the engine does: ILGPU.Algorithms supplies exp, log and pow on the device.
        var context = Context.Create(builder => builder.Cuda().EnableAlgorithms());
        var architecture = CudaArchitecture.SM_80;
        return (context, new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, CudaInstructionSet.ISA_80, null));
    });

    private static readonly Lock Gate = new();

    /// <summary>The PTX of a kernel: implicitly grouped (first parameter an index) or explicitly grouped.</summary>
    public static string Compile(MethodInfo kernel)
    {
        var implicitlyGrouped = kernel.GetParameters() is [var first, ..] && first.ParameterType.Name.StartsWith("Index", StringComparison.Ordinal);
        var entry = implicitlyGrouped
            ? EntryPointDescription.FromImplicitlyGroupedKernel(kernel)
            : EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
        lock (Gate)
            return ((PTXCompiledKernel)Backend.Value.Backend.Compile(entry, new KernelSpecialization())).PTXAssembly;
    }
}
