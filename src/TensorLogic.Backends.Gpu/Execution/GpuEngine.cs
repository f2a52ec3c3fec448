using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Passes;
using TensorLogic.Compiler.Planning;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// The GPU engine: ILGPU kernels in float32 on a CUDA or OpenCL device, or on ILGPU's CPU accelerator
/// (<c>gpu-cpu</c>, how CI runs them). Programs are planned with every pass on, like the CPU engine; the
/// device is opened when the first session starts, so naming a missing backend fails there with
/// <see cref="GpuUnavailableException"/>.
/// </summary>
public sealed class GpuEngine(GpuBackend backend, int device = 0, IReadOnlySet<string>? disabledPasses = null) : IEngine
{
    public string Name => backend.EngineName();

    public GpuBackend Backend => backend;

    /// <summary>
    /// Kernels for the equations the GPU declines (recursive relations, for now), tried before the reference's:
    /// whoever builds the engine can give it the CPU engine's, which this project cannot name.
    /// </summary>
    public Func<IKernelProvider<float>>? Fallback { get; init; }

    public ExecutionTarget Target => new(Name)
    {
        Planner = new PlannerOptions(),
        DisabledPasses = disabledPasses ?? new HashSet<string>(),
    };

    /// <summary>Opens the device now (it is opened on first use otherwise), so that a missing one is reported up front.</summary>
    public GpuDevice Open() => GpuDevices.Get(backend, device);

    public IProgramRunner CreateRunner(IrProgram program, TensorStore store, EvaluationOptions options, DiagnosticBag diagnostics) =>
        StratumRunner<float>.Create(program, store, new GpuKernels(Open()), options, diagnostics, Fallback?.Invoke());

    public string ListKernels(IrProgram program)
    {
        using var provider = new GpuKernels(Open());
        return KernelListing.Print(provider, program);
    }
}
