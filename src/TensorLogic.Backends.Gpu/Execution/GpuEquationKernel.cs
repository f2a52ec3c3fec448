using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// One equation on the device: every term into a device accumulator of the target's shape (with reach counts
/// when some term may miss cells), then the outer function in place. The values stay on the device as the
/// result's mirror (copied to the host only if the host reads them); reach counts are copied back at once.
/// Inputs come from their mirrors, uploaded only when the host changed them.
/// </summary>
internal sealed class GpuEquationKernel : IEquationKernel<float>, IDeviceTimedKernel, IDescribedKernel
{
    private readonly IrEquation _equation;
    private readonly GpuDevice _device;
    private readonly AcceleratorStream _stream;
    private readonly DeviceResidency _residency;
    private readonly Dictionary<IrTerm, GpuContraction> _contractions = [];
    private readonly Dictionary<IrTerm, long[]> _layouts = [];
    private readonly Dictionary<IrTerm, GpuLoopTerm> _loops = [];
    private readonly GpuOuterFunction? _finish;
    private readonly MaskCache _masks = new();

    public GpuEquationKernel(IrEquation equation, GpuDevice device, AcceleratorStream stream, DeviceResidency residency, GpuOuterFunction? finish)
    {
        _equation = equation;
        _device = device;
        _stream = stream;
        _residency = residency;
        _finish = finish;
        foreach (var term in equation.Terms)
        {
            switch (term)
            {
                case ContractionTerm contraction:
                    _contractions[term] = GpuContraction.For(contraction with { Masks = [], Conditions = [], Fused = null }, device);
                    break;
                case WindowTerm window:
                    _contractions[term] = GpuContraction.For(window.Contraction, device);
                    break;
                case LoopTerm loop:
                    _loops[term] = new GpuLoopTerm(equation, loop);
                    break;
            }
        }
        Kind = string.Join(", ", equation.Terms.Select(t => t switch
        {
            WindowTerm => "window+" + _contractions[t].Kind,
            BroadcastTerm => "broadcast",
            LoopTerm => "loop",
            _ => _contractions[t].Kind,
        }).Distinct());
        Flops = equation.Terms.Sum(t => t switch
        {
            ContractionTerm c => c.Plan.Flops,
            WindowTerm w => w.Contraction.Plan.Flops,
            BroadcastTerm b => b.Output.Elements,
            LoopTerm l => l.Term.Work,
            _ => 0,
        });
    }

    public string Kind { get; }

    public TimeSpan DeviceTime { get; private set; }

    public string Specialization
    {
        get
        {
            var lines = new List<string>();
            foreach (var term in _equation.Terms)
            {
                var sign = term.Sign < 0 ? "- " : "";
                switch (term)
                {
                    case ContractionTerm contraction:
                        lines.AddRange(_contractions[term].Describe(_device).Select(d => $"{sign}{d}"));
                        if (contraction.IsMasked)
                            lines.Add($"  masked by {string.Join(", ", contraction.Masks.Select(m => m.ToString()).Concat(contraction.Conditions.Select(IrExpressionPrinter.Print)))}: dense, then added where the mask holds");
                        break;
                    case WindowTerm window:
                        lines.Add($"{sign}gather {window.Window} from {window.Source.Name} (im2col, one thread per window cell)");
                        lines.AddRange(_contractions[term].Describe(_device).Select(d => $"  {d}"));
                        break;
                    case BroadcastTerm broadcast:
                        lines.Add($"{sign}broadcast {broadcast.Input} into {broadcast.Output}, scale {broadcast.Scale}");
                        break;
                    case LoopTerm:
                        lines.Add($"{sign}{_loops[term].Description}");
                        break;
                }
            }
            if (_finish is not null)
                lines.Add(_finish.Description);
            return string.Join("\n", lines);
        }
    }

    public double Flops { get; }

    /// <summary>Why this provider cannot run an equation's terms, or null when it can.</summary>
    public static string? Unsupported(IrEquation equation)
    {
        if (equation.Target.Shape.Aggregate(1L, (a, s) => a * s) > int.MaxValue)
            return $"{equation.Target.Name} has more cells than one kernel launch covers";
        foreach (var term in equation.Terms)
        {
            var reason = term switch
            {
                LoopTerm loop => GpuLoopTerm.Unsupported(equation, loop),
                ContractionTerm c => GpuContraction.Unsupported(c),
                WindowTerm w => w.SourceIndices.All(IsWindowSum) ? GpuContraction.Unsupported(w.Contraction) : "a window index that is not a sum of window indices",
                _ => null,
            };
            if (reason is not null)
                return reason;
        }
        return null;
    }

    public EquationResult<float> Evaluate(IKernelContext<float> context, IReadOnlyDictionary<int, int>? pins)
    {
        var shape = _equation.Target.Shape;
        var host = context.Rent(shape);
        var hostCounts = _equation.ReachesEveryCell ? null : context.RentCounts(host.Length);
        ProfilingMarker start, end;
        using (var frame = new DeviceFrame(_device, _stream, _residency, context))
        {
            start = frame.Stream.AddProfilingMarker();
            var result = frame.Result(host.Length, _equation.Target.Name);
            var values = result.View;
            values.MemSetToZero(frame.Stream);
            var counts = hostCounts is null ? frame.Zeros<int>(1, "reach counts") : frame.Zeros<int>(host.Length, "reach counts");
            foreach (var term in _equation.Terms)
            {
                switch (term)
                {
                    case ContractionTerm { IsMasked: true } masked:
                        var scratch = frame.Zeros<float>(host.Length, _equation.Target.Name);
                        _contractions[term].Run(frame, scratch, _contractions[term].TermScale);
                        Launch<ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<byte>>(frame, AddAllowed, host.Length,
                            values, counts, scratch, frame.Constant(_masks.Allowed(masked, [.. masked.Masks.Select(m => context.Relation(m.Tensor))], host.Shape), "a mask"));
                        continue;
                    case ContractionTerm:
                        _contractions[term].Run(frame, values, _contractions[term].TermScale);
                        break;
                    case WindowTerm window:
                        Gather(frame, window);
                        _contractions[term].Run(frame, values, _contractions[term].TermScale);
                        break;
                    case BroadcastTerm broadcast:
                        Broadcast(frame, broadcast, values);
                        break;
                    case LoopTerm:
                        // It counts the bindings that reach each cell itself.
                        _loops[term].Run(frame, values, counts, hostCounts is not null, pins);
                        continue;
                }
                if (hostCounts is not null)
                    Launch<ArrayView<int>>(frame, CountAll, host.Length, counts);
            }
            _finish?.Apply(frame, values, counts, hostCounts is not null);
            // The values stay on the device until the host reads them; reach counts are read at once.
            host.Attach(result, hostStale: true);
            if (hostCounts is not null)
                counts.CopyToCPU(frame.Stream, hostCounts);
            end = frame.Stream.AddProfilingMarker();
        }
        // The frame synchronized the stream: both markers have passed.
        DeviceTime += end.MeasureFrom(start);
        start.Dispose();
        end.Dispose();
        return EquationResult<float>.Dense(host, hostCounts);
    }

    private void Broadcast(DeviceFrame frame, BroadcastTerm term, ArrayView<float> values)
    {
        var output = term.Output.Indices;
        var layout = Layout(term, () => [.. output.Select(i => (long)i.Size), .. output.Select(i => GpuContraction.StrideOf(term.Input, i))]);
        Launch<ArrayView<float>, ArrayView<float>, ArrayView<long>, int, float>(frame, BroadcastKernel, (int)term.Output.Elements,
            frame.Operand(term.Input.Tensor), values, frame.Constant(layout, "a broadcast layout"), output.Length, (float)(term.Sign * term.Scale));
    }

    /// <summary>Fills the window (im2col) on the device and makes it the operand its contraction reads.</summary>
    private void Gather(DeviceFrame frame, WindowTerm term)
    {
        var indices = term.Window.Indices;
        var axisOf = indices.Select((index, axis) => (index.Id, axis)).ToDictionary(x => x.Id, x => x.axis);
        var sourceShape = term.Source.Shape;
        var sourceStrides = new long[sourceShape.Length];
        long stride = 1;
        for (var p = sourceShape.Length - 1; p >= 0; p--)
        {
            sourceStrides[p] = stride;
            stride *= sourceShape[p];
        }
        var axisStride = new long[indices.Length];
        var positions = new List<long>();
        for (var p = 0; p < term.SourceIndices.Length; p++)
        {
            var (first, second) = WindowAxes(term.SourceIndices[p], axisOf);
            axisStride[first] += sourceStrides[p];
            if (second >= 0)
                axisStride[second] += sourceStrides[p];
            positions.AddRange([first, second, sourceShape[p]]);
        }
        var layout = Layout(term, () => [.. indices.Select(i => (long)i.Size), .. axisStride, .. positions]);
        var window = frame.Rent<float>(term.Window.Elements, term.Window.Tensor.Name).View.SubView(0, term.Window.Elements);
        Launch<ArrayView<float>, ArrayView<float>, ArrayView<long>, int, int>(frame, GatherKernel, (int)term.Window.Elements,
            frame.Operand(term.Source), window, frame.Constant(layout, "a window layout"), indices.Length, sourceShape.Length);
        frame.Provide(term.Window.Tensor, window);
    }

    private static bool IsWindowSum(IrIndexExpression index) =>
        index is IrVariableIndex or IrArithmeticIndex { Operator: Syntax.Tree.IndexOperator.Add, Left: IrVariableIndex, Right: IrVariableIndex };

    private static (int First, int Second) WindowAxes(IrIndexExpression index, Dictionary<int, int> axisOf) => index switch
    {
        IrVariableIndex v => (axisOf[v.Variable.Id], -1),
        IrArithmeticIndex { Left: IrVariableIndex a, Right: IrVariableIndex b } => (axisOf[a.Variable.Id], axisOf[b.Variable.Id]),
        _ => throw new InvalidOperationException($"window index {index} is not a sum of window indices"),
    };

    /// <summary>A term's layout table, built on first use and the same array afterwards (so the device keeps its copy).</summary>
    private long[] Layout(IrTerm term, Func<long[]> build)
    {
        if (!_layouts.TryGetValue(term, out var layout))
            _layouts[term] = layout = build();
        return layout;
    }

    private static void Launch<T1>(DeviceFrame frame, MethodInfo kernel, long cells, T1 a)
        where T1 : struct =>
        frame.Device.Auto<Action<AcceleratorStream, Index1D, T1>>(kernel)(frame.Stream, (int)cells, a);

    private static void Launch<T1, T2, T3, T4>(DeviceFrame frame, MethodInfo kernel, long cells, T1 a, T2 b, T3 c, T4 d)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct =>
        frame.Device.Auto<Action<AcceleratorStream, Index1D, T1, T2, T3, T4>>(kernel)(frame.Stream, (int)cells, a, b, c, d);

    private static void Launch<T1, T2, T3, T4, T5>(DeviceFrame frame, MethodInfo kernel, long cells, T1 a, T2 b, T3 c, T4 d, T5 e)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct =>
        frame.Device.Auto<Action<AcceleratorStream, Index1D, T1, T2, T3, T4, T5>>(kernel)(frame.Stream, (int)cells, a, b, c, d, e);

    private static readonly MethodInfo CountAll = typeof(CellKernels).GetMethod(nameof(CellKernels.CountAll))!;
    private static readonly MethodInfo AddAllowed = typeof(CellKernels).GetMethod(nameof(CellKernels.AddAllowed))!;
    private static readonly MethodInfo BroadcastKernel = typeof(CellKernels).GetMethod(nameof(CellKernels.Broadcast))!;
    private static readonly MethodInfo GatherKernel = typeof(CellKernels).GetMethod(nameof(CellKernels.Gather))!;
}
