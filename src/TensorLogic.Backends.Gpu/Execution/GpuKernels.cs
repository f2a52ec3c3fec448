using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// The GPU engine's kernel provider for one session: it compiles an IR equation into a
/// <see cref="GpuEquationKernel"/> on its device, or declines it with the reason (the reference provider then
/// computes it). The session gets its own stream on the shared device.
/// </summary>
public sealed class GpuKernels : IKernelProvider<float>
{
    /// <summary>A relation operand is read as a dense 0/1 array on the device; past this many cells it is declined.</summary>
    private const long MaxDenseRelationCells = 1 << 26;

    private readonly GpuDevice _device;
    private readonly AcceleratorStream _stream;
    private readonly DeviceResidency _residency;

    public GpuKernels(GpuDevice device)
    {
        _device = device;
        _residency = new DeviceResidency(device);
        lock (device.Gate)
            _stream = device.Accelerator.CreateStream();
    }

    public string Name => _device.EngineName;

    public IStratumKernel<float>? TryCompileStratum(IrStratum stratum) => GpuSemiNaive.For(stratum, _device, _stream);

    public KernelChoice<float> TryCompile(IrEquation equation, IrStratum stratum)
    {
        if (equation.Target.IsBoolean && stratum.Kind != StratumKind.Once)
            return KernelChoice<float>.Declined("the GPU runs recursive relations as a whole stratum of plain rules only; a loop, or a rule with negation, comparisons or arithmetic, is joined by the fallback");
        if (DenselyRead(equation).FirstOrDefault(t => Cells(t) > MaxDenseRelationCells) is { } large)
        {
            // A plain rule joins its relations' sorted keys instead, whatever their shapes.
            if (equation.Target.IsBoolean && GpuRule.Compile(equation).Rule is { } rule && rule.Reads.Append(equation.Target).All(GpuSemiNaive.Packable))
                return KernelChoice<float>.Compiled(new GpuRuleKernel(rule, _device, _stream));
            return KernelChoice<float>.Declined($"relation {large.Name} has {Cells(large):N0} possible tuples, too many to read as a dense 0/1 array on the device");
        }
        if (GpuEquationKernel.Unsupported(equation) is { } reason)
            return KernelChoice<float>.Declined(reason);
        GpuOuterFunction? finish = null;
        if (equation.Finish is { } function && (finish = GpuOuterFunction.For(function, equation)) is null)
            return KernelChoice<float>.Declined($"the outer function '{function.Function.Name}' has no GPU kernel");
        return KernelChoice<float>.Compiled(new GpuEquationKernel(equation, _device, _stream, _residency, finish));
    }

    private static long Cells(Compiler.Semantics.TensorSymbol tensor) => tensor.Shape.Aggregate(1L, (a, size) => a * size);

    /// <summary>
    /// The relations an equation reads as dense 0/1 arrays: all of them, except those that only drive
    /// contraction steps by their tuples (<see cref="TupleScatter"/>), whose size does not matter.
    /// </summary>
    private static IEnumerable<Compiler.Semantics.TensorSymbol> DenselyRead(IrEquation equation)
    {
        var scattered = new HashSet<Compiler.Semantics.TensorSymbol>();
        var dense = new HashSet<Compiler.Semantics.TensorSymbol>();
        foreach (var term in equation.Terms)
        {
            if (term is not ContractionTerm contraction)
            {
                dense.UnionWith(equation.Reads.Where(t => t.IsBoolean));
                break;
            }
            foreach (var step in contraction.Plan.Steps)
            {
                if (TupleScatter.For(step) is { } scatter)
                    scattered.Add(scatter.Relation.Tensor);
                else
                    dense.UnionWith(new[] { step.Left, step.Right }.Where(o => o is { IsSparse: true }).Select(o => o!.Tensor));
            }
        }
        return dense;
    }

    public string Summary
    {
        get
        {
            static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MiB";
            var gemm = _device.WhyNoBlas is { } why ? $"tiled GEMM kernel ({why})" : "cuBLAS";
            return $"{_device.EngineName} on {_device.Description}: {_residency.Uploads} uploads ({MiB(_residency.UploadedBytes)}), " +
                $"{_residency.Downloads} downloads ({MiB(_residency.DownloadedBytes)}), {_residency.Constants} kernel tables; GEMM steps: {gemm}";
        }
    }

    public void Dispose()
    {
        lock (_device.Gate)
        {
            _residency.Release();
            _stream.Dispose();
        }
    }
}
