using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Runtime.Tests.Engines;

/// <summary>
/// The loop kernels compiled for CUDA (sm_80) without a GPU. The tests' gpu-cpu engine runs kernels as .NET
/// code, which accepts anything .NET does; only a device backend proves a kernel is device code (no managed
/// allocation, no call ILGPU cannot translate).
/// </summary>
public class GpuLoopKernelPtxTests
{
    [Theory]
    [InlineData(nameof(LoopKernels.Interpret))]
    [InlineData(nameof(LoopKernels.Fill))]
    [InlineData(nameof(LoopKernels.AddReached))]
    public void A_loop_kernel_compiles_to_PTX(string kernel)
    {
        var method = typeof(LoopKernels).GetMethod(kernel, BindingFlags.Public | BindingFlags.Static)!;
        // As the engine's context (GpuDevices): the algorithms library gives PTX its exp, log, pow, tanh, ...
        using var context = Context.Create(b => b.Cuda().EnableAlgorithms());
        var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80),
            CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, null);
        var compiled = (PTXCompiledKernel)backend.Compile(
            EntryPointDescription.FromImplicitlyGroupedKernel(method), new KernelSpecialization());
        Assert.Contains(".entry", compiled.PTXAssembly);
    }

    /// <summary>
    /// The device's max= and min= (written out because ILGPU turns Math.Max into max.f32) agree bit for bit
    /// with the shared definition on NaN, signed zeros and infinities.
    /// </summary>
    [Fact]
    public void The_device_max_and_min_are_the_shared_accumulation()
    {
        float[] values = [float.NaN, float.NegativeInfinity, -2.5f, -0f, 0f, 1f, 3.5f, float.PositiveInfinity];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(Accumulation<float>.Combine(Aggregation.Max, a, b)),
                    BitConverter.SingleToInt32Bits(LoopKernels.Maximum(a, b)));
                Assert.Equal(BitConverter.SingleToInt32Bits(Accumulation<float>.Combine(Aggregation.Min, a, b)),
                    BitConverter.SingleToInt32Bits(LoopKernels.Minimum(a, b)));
            }
        }
    }
}
