using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Execution;
using TensorLogic.Compiler.Planning;
using TensorLogic.Runtime.Execution;


namespace TensorLogic.Bench;

/// <summary>
/// The one place where the harness turns an engine name into an engine. Every case runs through the
/// engine made here, so switching the suite to another engine is a change to this file only.
/// </summary>
public static class Engines
{
    public static IEnumerable<string> Names => ["reference", "cpu", "cpu-f64", "cpu-greedy", "gpu", "cuda", "opencl", "gpu-cpu"];

    /// <summary>The engine called <paramref name="name"/>, running on <paramref name="threads"/> threads where it can.</summary>
    public static IEngine Create(string name, int threads) => name switch
    {
        // The reference engine is single-threaded and double precision: it ignores `threads`.
        "reference" => ReferenceEngine.Instance,

        "cpu" => new CpuEngine(Precision.Single, threads),
        "cpu-f64" => new CpuEngine(Precision.Double, threads),
        // The same engine with the contraction order chosen greedily instead of by dynamic programming.
        "cpu-greedy" => new CpuEngine(Precision.Single, threads, new PlannerOptions { ExhaustiveLimit = 0 }),

        // Device 0 of the backend (gpu: the first CUDA, else OpenCL device); gpu-cpu is the kernels on the CPU, for checking, not timing.
        "gpu" or "cuda" or "opencl" or "gpu-cpu" => Opened(new GpuEngine(GpuBackends.Parse(name)!.Value) { Fallback = () => new CpuKernels<float>(threads) }),

        _ => throw Unavailable(name),
    };

    /// <summary>The device is opened here, so that a missing one stops the run before any case is written or timed.</summary>
    private static GpuEngine Opened(GpuEngine engine)
    {
        try
        {
            engine.Open();
            return engine;
        }
        catch (GpuUnavailableException e)
        {
            throw new EngineUnavailableException($"engine '{engine.Name}': {e.Message}");
        }
    }

    private static EngineUnavailableException Unavailable(string name) =>
        new($"unknown engine '{name}'; known: {string.Join(", ", Names)}");
}

public sealed class EngineUnavailableException(string message) : Exception(message);
