using System.Collections.Concurrent;
using System.Reflection;
using ILGPU.Runtime;
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
    }

    /// <summary>The engine name this device was opened for (<c>cuda</c>, <c>gpu-cpu</c>, ...).</summary>
    public string EngineName { get; }

    public Accelerator Accelerator { get; }

    internal DevicePool Memory { get; }

    /// <summary>Held while a session launches kernels and copies: the stream and the pool are not shared concurrently.</summary>
    public Lock Gate { get; } = new();

    public string Description => $"{Accelerator.Name} ({Accelerator.AcceleratorType}, {Accelerator.MemorySize / (1 << 20):N0} MiB)";

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
