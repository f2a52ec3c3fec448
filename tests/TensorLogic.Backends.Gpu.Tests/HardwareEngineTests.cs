using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Execution;
using TensorLogic.Runtime.Execution;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>
/// A fact that runs only where the machine has a device of <paramref name="backend"/>, and otherwise shows
/// as skipped with the reason (no driver library, no OpenCL 2.0 device), never silently.
/// </summary>
public sealed class HardwareFactAttribute : FactAttribute
{
    public HardwareFactAttribute(GpuBackend backend)
    {
        if (GpuDevices.WhyNone(backend) is { } why)
            Skip = why;
    }
}

/// <summary>
/// Every example on a real GPU against the CPU engine. Where a device is present, the engine also joins the
/// whole engine matrix (<see cref="EngineMatrix"/>); these facts make its absence visible in every run.
/// </summary>
public class HardwareEngineTests
{
    [HardwareFact(GpuBackend.Cuda)]
    public void Examples_on_CUDA_answer_as_the_CPU_engine() => RunExamples(GpuBackend.Cuda);

    [HardwareFact(GpuBackend.OpenCL)]
    public void Examples_on_OpenCL_answer_as_the_CPU_engine() => RunExamples(GpuBackend.OpenCL);

    private static void RunExamples(GpuBackend backend)
    {
        var device = new EngineCase(backend.EngineName(), backend.EngineName(), EngineMatrix.Get(backend.EngineName()).Engine, Chaining.Forward, 1e-4);
        foreach (var example in Directory.GetFiles(Repository.PathOf("examples"), "*.tl").Order())
        {
            var expected = ProgramRunner.RunFile(EngineMatrix.Get("cpu"), example);
            var actual = ProgramRunner.RunFile(device, example);
            AnswerAssert.Equivalent(expected.Answers, actual.Answers, device);
        }
    }
}
