namespace TensorLogic.Backends.Gpu.Devices;

/// <summary>Which of ILGPU's accelerators an engine runs on, as <c>tlc run --engine</c> names them.</summary>
public enum GpuBackend
{
    /// <summary><c>cuda</c>: an NVIDIA GPU through the driver (ILGPU emits PTX itself; no toolkit needed).</summary>
    Cuda,

    /// <summary><c>opencl</c>: an OpenCL 2.0 device, or 3.0 with the generic address space.</summary>
    OpenCL,

    /// <summary><c>gpu</c>: the first CUDA device, else the first OpenCL one.</summary>
    Any,

    /// <summary><c>gpu-cpu</c>: the same kernels on ILGPU's CPU accelerator (groups and barriers emulated); how CI tests them.</summary>
    Cpu,
}

public static class GpuBackends
{
    /// <summary>The engine name of each backend, as <c>--engine</c> takes it.</summary>
    public static string EngineName(this GpuBackend backend) => backend switch
    {
        GpuBackend.Cuda => "cuda",
        GpuBackend.OpenCL => "opencl",
        GpuBackend.Any => "gpu",
        _ => "gpu-cpu",
    };

    public static GpuBackend? Parse(string engineName) => engineName switch
    {
        "cuda" => GpuBackend.Cuda,
        "opencl" => GpuBackend.OpenCL,
        "gpu" => GpuBackend.Any,
        "gpu-cpu" => GpuBackend.Cpu,
        _ => null,
    };
}
