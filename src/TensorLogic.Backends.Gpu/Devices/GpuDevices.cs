using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace TensorLogic.Backends.Gpu.Devices;

/// <summary>One accelerator ILGPU sees, as <c>tlc devices</c> lists it.</summary>
public sealed record GpuDeviceInfo(GpuBackend Backend, int Index, string Name, long MemoryBytes, int MaxThreadsPerGroup, int WarpSize);

/// <summary>
/// What ILGPU sees on this machine, and the accelerators engines run on. An accelerator is opened once per
/// process and shared by every session (opening a CUDA context costs tens of milliseconds, and device memory
/// is one pool); sessions take its <see cref="GpuDevice.Gate"/> while they launch.
/// </summary>
public static class GpuDevices
{
    /// <summary>Profiling lets kernels time themselves on the device (stream markers) for <c>--profile</c>.</summary>
    private static readonly Lazy<Context> SharedContext = new(() =>
        Context.Create(builder => builder.Cuda().OpenCL().EnableAlgorithms().Profiling()));

    private static readonly ConcurrentDictionary<(GpuBackend, int), GpuDevice> Open = new();

    /// <summary>
    /// ILGPU's CPU accelerator emulates each group thread with an OS thread: two warps of two threads keep
    /// a launch under a millisecond on a 2-core machine while groups, shared memory and barriers are still
    /// exercised by more than one thread.
    /// </summary>
    private static readonly CPUDevice EmulatedDevice = new(numThreadsPerWarp: 2, numWarpsPerMultiprocessor: 2, numMultiprocessors: 1);

    /// <summary>Every device ILGPU lists, CUDA first, then OpenCL, then the CPU accelerator.</summary>
    public static IReadOnlyList<GpuDeviceInfo> List()
    {
        var context = SharedContext.Value;
        var devices = new List<GpuDeviceInfo>();
        devices.AddRange(Of(context, AcceleratorType.Cuda).Select((d, i) => Info(GpuBackend.Cuda, i, d)));
        devices.AddRange(Of(context, AcceleratorType.OpenCL).Select((d, i) => Info(GpuBackend.OpenCL, i, d)));
        devices.Add(Info(GpuBackend.Cpu, 0, EmulatedDevice));
        return devices;
    }

    /// <summary>Why a backend has no device here, or null when it has one (for <c>tlc devices</c> and errors).</summary>
    public static string? WhyNone(GpuBackend backend)
    {
        var context = SharedContext.Value;
        switch (backend)
        {
            case GpuBackend.Cuda when Of(context, AcceleratorType.Cuda).Count == 0:
                return DriverLibraryPresent(CudaDriverLibrary)
                    ? $"no CUDA device: the NVIDIA driver ({CudaDriverLibrary}) is installed but reports no device"
                    : $"no CUDA device: the NVIDIA driver library {CudaDriverLibrary} was not found";
            case GpuBackend.OpenCL when Of(context, AcceleratorType.OpenCL).Count == 0:
                return DriverLibraryPresent(OpenClLibrary)
                    ? "no OpenCL 2.0 device: ILGPU needs OpenCL 2.0, or 3.0 with the generic address space, and no platform here offers it"
                    : $"no OpenCL 2.0 device: the OpenCL loader {OpenClLibrary} was not found";
            case GpuBackend.Any when Of(context, AcceleratorType.Cuda).Count == 0 && Of(context, AcceleratorType.OpenCL).Count == 0:
                return $"no GPU: {WhyNone(GpuBackend.Cuda)}; {WhyNone(GpuBackend.OpenCL)}";
            default:
                return null;
        }
    }

    /// <summary>
    /// The accelerator of <paramref name="backend"/>'s device <paramref name="index"/> (for <see cref="GpuBackend.Any"/>,
    /// counted over CUDA then OpenCL devices), opened on first use.
    /// </summary>
    /// <exception cref="GpuUnavailableException">No such device here.</exception>
    public static GpuDevice Get(GpuBackend backend, int index = 0)
    {
        if (index < 0)
            throw new GpuUnavailableException($"device numbers start at 0, not {index}");
        return Open.GetOrAdd((backend, index), key => new GpuDevice(key.Item1.EngineName(), Create(key.Item1, key.Item2)));
    }

    private static Accelerator Create(GpuBackend backend, int index)
    {
        var context = SharedContext.Value;
        if (backend == GpuBackend.Cpu)
        {
            if (index != 0)
                throw new GpuUnavailableException($"gpu-cpu has one device, 0, not {index}");
            return EmulatedDevice.CreateCPUAccelerator(context, CPUAcceleratorMode.Parallel);
        }
        IReadOnlyList<Device> candidates = backend switch
        {
            GpuBackend.Cuda => [.. Of(context, AcceleratorType.Cuda)],
            GpuBackend.OpenCL => [.. Of(context, AcceleratorType.OpenCL)],
            _ => [.. Of(context, AcceleratorType.Cuda), .. Of(context, AcceleratorType.OpenCL)],
        };
        if (candidates.Count == 0)
            throw new GpuUnavailableException(WhyNone(backend)!);
        if (index >= candidates.Count)
            throw new GpuUnavailableException(
                $"no {backend.EngineName()} device {index}: this machine has {candidates.Count} (0 to {candidates.Count - 1}); `tlc devices` lists them");
        return candidates[index].CreateAccelerator(context);
    }

    private static List<Device> Of(Context context, AcceleratorType type)
    {
        var devices = new List<Device>();
        foreach (var device in context)
        {
            if (device.AcceleratorType == type)
                devices.Add(device);
        }
        return devices;
    }

    private static GpuDeviceInfo Info(GpuBackend backend, int index, Device device) =>
        new(backend, index, device.Name, device.MemorySize, device.MaxNumThreadsPerGroup, device.WarpSize);

    private static string CudaDriverLibrary =>
        OperatingSystem.IsWindows() ? "nvcuda.dll" : OperatingSystem.IsMacOS() ? "libcuda.dylib" : "libcuda.so.1";

    private static string OpenClLibrary =>
        OperatingSystem.IsWindows() ? "OpenCL.dll" : OperatingSystem.IsMacOS() ? "/System/Library/Frameworks/OpenCL.framework/OpenCL" : "libOpenCL.so.1";

    private static bool DriverLibraryPresent(string name)
    {
        if (!NativeLibrary.TryLoad(name, out var handle))
            return false;
        NativeLibrary.Free(handle);
        return true;
    }
}
