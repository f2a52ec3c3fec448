using System.Collections.Concurrent;
using System.Reflection;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using TensorLogic.Backends.Gpu.Memory;

namespace TensorLogic.Backends.Gpu.Devices;

/// <summary>
/// An opened accelerator with what sessions share on it: the compiled kernels (ILGPU compiles a kernel per
/// generic instantiation once, then every launch reuses it), the caching allocator, and the gate that lets one
/// session at a time launch and copy.
/// </summary>
public sealed class GpuDevice
{
    private readonly ConcurrentDictionary<(MethodInfo Method, Type Launcher), Delegate> _launchers = new();

    internal GpuDevice(string engineName, Accelerator accelerator)
    {
        EngineName = engineName;
        Accelerator = accelerator;
        Memory = new DevicePool(accelerator);
        _blas = new Lazy<CuBlas?>(LoadBlas);
    }

    /// <summary>The engine name this device was opened for (<c>cuda</c>, <c>gpu-cpu</c>, ...).</summary>
    public string EngineName { get; }

    public Accelerator Accelerator { get; }

    internal DevicePool Memory { get; }

    /// <summary>
    /// cuBLAS on a CUDA device whose machine has libcublas; null elsewhere (the tiled GEMM kernel runs then).
    /// Loaded on first use, under the gate.
    /// </summary>
    internal CuBlas? Blas => _blas.Value;

    /// <summary>Why GEMM steps do not use cuBLAS here, or null when they do.</summary>
    public string? WhyNoBlas => _blas.Value is null ? _whyNoBlas : null;

    private readonly Lazy<CuBlas?> _blas;
    private string? _whyNoBlas;

    private CuBlas? LoadBlas()
    {
        if (Accelerator is not CudaAccelerator cuda)
        {
            _whyNoBlas = "cuBLAS needs a CUDA device";
            return null;
        }
        try
        {
            return new CuBlas(cuda);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or CuBlasException)
        {
            _whyNoBlas = $"cuBLAS could not be loaded ({e.Message})";
            return null;
        }
    }

    /// <summary>Held while a session launches kernels and copies: the stream and the pool are not shared concurrently.</summary>
    public Lock Gate { get; } = new();

    public string Description => Accelerator.AcceleratorType == AcceleratorType.CPU
        ? $"{Accelerator.Name} (host memory)"
        : $"{Accelerator.Name} ({Accelerator.AcceleratorType}, {Accelerator.MemorySize / (1 << 20):N0} MiB)";

    /// <summary>The widest group a kernel may launch with (4 on the CPU accelerator, 1024 on CUDA).</summary>
    public int MaxGroupSize => Accelerator.MaxNumThreadsPerGroup;

    /// <summary>
    /// A launcher of an implicitly grouped kernel (one thread per element; ILGPU picks the group size),
    /// compiled on first use. <typeparamref name="TLauncher"/> is <c>Action&lt;AcceleratorStream, Index1D, …&gt;</c>.
    /// </summary>
    internal TLauncher Auto<TLauncher>(MethodInfo kernel)
        where TLauncher : Delegate =>
        (TLauncher)_launchers.GetOrAdd((kernel, typeof(TLauncher)),
            key => Accelerator.LoadAutoGroupedKernel(key.Method).CreateLauncherDelegate<TLauncher>());

    /// <summary>
    /// A launcher of an explicitly grouped kernel (shared memory, barriers); <typeparamref name="TLauncher"/> is
    /// <c>Action&lt;AcceleratorStream, KernelConfig, …&gt;</c>.
    /// </summary>
    internal TLauncher Grouped<TLauncher>(MethodInfo kernel)
        where TLauncher : Delegate =>
        (TLauncher)_launchers.GetOrAdd((kernel, typeof(TLauncher)),
            key => Accelerator.LoadKernel(key.Method).CreateLauncherDelegate<TLauncher>());
}
