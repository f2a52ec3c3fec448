using System.CommandLine;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Execution;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>--engine</c> and <c>--device</c>, shared by run, train and repl so that the engines they accept and
/// how a name becomes an engine are said once.
/// </summary>
internal sealed class EngineChoice
{
    /// <summary>The names <c>--engine</c> accepts: the CPU engines, then the GPU ones from the most general to the emulated.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["cpu", "cpu-f64", "reference", .. new[] { GpuBackend.Any, GpuBackend.Cuda, GpuBackend.OpenCL, GpuBackend.Cpu }.Select(b => b.EngineName())];

    public EngineChoice(string description)
    {
        Engine = new Option<string>("--engine")
        {
            Description = description + "; gpu takes the first CUDA, else OpenCL device, and gpu-cpu runs the GPU kernels on the CPU ('tlc devices' lists them)",
            DefaultValueFactory = _ => "cpu",
            HelpName = string.Join('|', Names),
        };
        Engine.AcceptOnlyFromAmong([.. Names]);
        Device = new Option<int>("--device")
        {
            Description = "Which device of a GPU engine, as 'tlc devices' numbers them",
            DefaultValueFactory = _ => 0,
            HelpName = "N",
        }.AcceptIntegers(0);
    }

    public Option<string> Engine { get; }

    public Option<int> Device { get; }

    /// <summary>
    /// Makes <c>--device</c> with a CPU engine a usage error: whoever typed a device number meant a GPU, and
    /// silently computing on the CPU would hide that.
    /// </summary>
    public void ValidateOn(Command command) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(Device) is { Implicit: false } && GpuBackends.Parse(result.GetValue(Engine)!) is null)
                result.AddError("--device applies to the GPU engines only (gpu, cuda, opencl, gpu-cpu)");
        });

    /// <summary>The engine the parsed options name; <paramref name="threads"/> applies to the CPU engines only.</summary>
    public IEngine Create(ParseResult result, int threads) =>
        EngineFor(result.GetValue(Engine)!, threads, result.GetValue(Device));

    internal static IEngine EngineFor(string name, int threads, int device = 0)
    {
        // What the GPU declines runs on the CPU engine's kernels, not binding by binding on the reference.
        if (GpuBackends.Parse(name) is { } backend)
            return new GpuEngine(backend, device) { Fallback = () => new CpuKernels<float>(threads) };
        return name switch
        {
            "reference" => ReferenceEngine.Instance,
            "cpu-f64" => new CpuEngine(Precision.Double, threads),
            _ => new CpuEngine(Precision.Single, threads),
        };
    }

    /// <summary>
    /// Opens a GPU engine's device before anything is read or compiled, so that a missing device is the first
    /// and only thing reported. Returns the exit code when it is missing (after reporting TL4003), null otherwise.
    /// </summary>
    public static int? FailsToOpen(IEngine engine, CommandEnvironment environment)
    {
        if (engine is not GpuEngine gpu)
            return null;
        try
        {
            gpu.Open();
            return null;
        }
        catch (GpuUnavailableException e)
        {
            var diagnostics = Report.Writer(environment);
            diagnostics.Write(DeviceErrors.Unavailable(e));
            diagnostics.WriteSummary();
            // Like an unreadable input file: the program was not wrong, the machine lacks what was asked for.
            return ExitCodes.Usage;
        }
    }
}
