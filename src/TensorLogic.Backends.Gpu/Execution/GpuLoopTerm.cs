using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// A term evaluated binding by binding (<see cref="LoopTerm"/>) on the device: its program is compiled once;
/// each call runs it on every binding of the variables no pin fixes, in one launch. A sum's bindings add straight
/// into the equation's values and counts (nothing else to launch); max, min and avg combine into
/// a term accumulator of the target's shape with its own reach counts, whose reached cells are then added to
/// the equation's, as the CPU's loop kernels and the reference do.
/// </summary>
internal sealed class GpuLoopTerm
{
    private readonly LoopTerm _term;
    private readonly LoopProgram _program;
    private readonly int[] _code;
    private readonly float[] _constants;
    private readonly long _cells;

    public GpuLoopTerm(IrEquation equation, LoopTerm term)
    {
        _term = term;
        _program = LoopProgram.Compile(equation, term.Term);
        if (_program.Unsupported is { } reason)
            throw new NotSupportedException(reason);
        _code = [.. _program.Code];
        _constants = [.. _program.Constants];
        _cells = equation.Target.Shape.Aggregate(1L, (a, s) => a * s);
    }

    /// <summary>Why a loop term cannot run on the device, or null.</summary>
    /// <summary>The program's size and what it enumerates, for <c>--emit kernels</c>.</summary>
    public string Description =>
        $"{_term.Aggregation.ToString().ToLowerInvariant()} of a {_program.Code.Count}-instruction loop program over " +
        $"{string.Join(" x ", _program.Slots.Take(_program.Enumerated).Select(v => $"{v.Name}:{v.Size}"))}, interpreted per binding" +
        (_program.Tensors.Count > 0 ? $", reading {string.Join(", ", _program.Tensors.Select(t => t.Name))}" : "");

    public static string? Unsupported(IrEquation equation, LoopTerm term)
    {
        if (LoopProgram.Compile(equation, term.Term).Unsupported is { } reason)
            return reason;
        // A virtual loop pins its step variable every time; any other variable may be enumerated.
        var bindings = term.Term.Variables.Where(v => v != equation.LoopVariable).Aggregate(1L, (a, v) => a * v.Size);
        return bindings > int.MaxValue
            ? $"the term has {bindings:N0} bindings, more than one GPU kernel launch covers ({int.MaxValue:N0})"
            : null;
    }

    /// <summary>
    /// Adds the term's aggregated value at each reached cell to <paramref name="values"/>, and its binding count
    /// to <paramref name="counts"/> when <paramref name="useCounts"/>; <paramref name="pins"/> fixes variables by ordinal.
    /// </summary>
    public void Run(DeviceFrame frame, ArrayView<float> values, ArrayView<int> counts, bool useCounts, IReadOnlyDictionary<int, int>? pins)
    {
        var (slots, bindings) = Slots(pins);
        if (bindings == 0)
            return;
        if (bindings > int.MaxValue)
            throw new InvalidOperationException($"a loop term's {bindings:N0} bindings exceed one kernel launch");
        var aggregation = _term.Aggregation;
        var operands = Operands(frame);
        if (aggregation == Aggregation.Sum && useCounts)
        {
            // Adding each binding to the equation's values is adding the term's sum at its reached cells.
            Interpret(frame, bindings, slots, operands, values, counts, aggregation);
            return;
        }
        var termValues = frame.Rent<float>(_cells, "loop term values").View.SubView(0, _cells);
        if (aggregation is Aggregation.Max or Aggregation.Min)
        {
            frame.Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<float>, float>>(FillKernel)(
                frame.Stream, (int)_cells, termValues, Accumulation<float>.Identity(aggregation));
        }
        else
        {
            termValues.MemSetToZero(frame.Stream);
        }
        var reached = frame.Zeros<int>(_cells, "loop term reach counts");
        Interpret(frame, bindings, slots, operands, termValues, reached, aggregation);
        frame.Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<int>, int, int>>(AddReachedKernel)(
            frame.Stream, (int)_cells, termValues, reached, values, counts, useCounts ? 1 : 0, (int)aggregation);
    }

    /// <summary>
    /// The program over every binding, combined into <paramref name="values"/> and counted in
    /// <paramref name="reached"/>: as many threads as the device runs at once, each taking every so many bindings.
    /// </summary>
    private void Interpret(DeviceFrame frame, long bindings, int[] slots, (ArrayView<float> Tensors, ArrayView<long> Bases) operands,
        ArrayView<float> values, ArrayView<int> reached, Aggregation aggregation)
    {
        var threads = (int)Math.Min(bindings, Math.Max(1, frame.Device.Accelerator.MaxNumThreads));
        frame.Device.Auto<Action<AcceleratorStream, Index1D, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<long>,
            ArrayView<float>, ArrayView<float>, ArrayView<int>, int>>(InterpretKernel)(
            frame.Stream, threads, threads, (int)bindings, frame.Constant(_code, "a loop program"), frame.Constant(_constants, "loop constants"),
            frame.Upload(slots, "a loop binding layout"), operands.Bases, operands.Tensors, values, reached, (int)aggregation);
    }

    /// <summary>
    /// Per slot its size (enumerated) or -1 and its value (pinned, or a variable outside the term, which only a
    /// pin gives a value), and the number of bindings the enumerated slots make.
    /// </summary>
    private (int[] Slots, long Bindings) Slots(IReadOnlyDictionary<int, int>? pins)
    {
        var slots = new int[2 * Math.Max(1, _program.Slots.Count)];
        slots[0] = -1;
        long bindings = 1;
        for (var s = 0; s < _program.Slots.Count; s++)
        {
            var variable = _program.Slots[s];
            if (pins is not null && pins.TryGetValue(variable.Id, out var value))
                (slots[2 * s], slots[2 * s + 1]) = (-1, value);
            else if (s < _program.Enumerated)
                (slots[2 * s], slots[2 * s + 1], bindings) = (variable.Size, 0, bindings * variable.Size);
            else
                (slots[2 * s], slots[2 * s + 1]) = (-1, 0);
        }
        return (slots, bindings);
    }

    /// <summary>
    /// The tensors the term reads as one device buffer (a kernel takes no array of views) and where each
    /// starts; each is the frame's upload of it, copied on the device when there are several.
    /// </summary>
    private (ArrayView<float> Tensors, ArrayView<long> Bases) Operands(DeviceFrame frame)
    {
        var tensors = _program.Tensors;
        var views = tensors.Select(t => Operand(frame, t)).ToArray();
        var bases = new long[Math.Max(1, views.Length)];
        for (var t = 1; t < views.Length; t++)
            bases[t] = bases[t - 1] + views[t - 1].Length;
        var baseView = frame.Upload(bases, "loop tensor bases");
        if (views.Length == 1)
            return (views[0], baseView);
        if (views.Length == 0)
            return (frame.Zeros<float>(1, "no loop tensors"), baseView);
        var total = bases[^1] + views[^1].Length;
        var all = frame.Rent<float>(total, "loop tensors").View.SubView(0, total);
        for (var t = 0; t < views.Length; t++)
        {
            var part = all.SubView(bases[t], views[t].Length).AsDense();
            views[t].AsDense().CopyTo(frame.Stream, in part);
        }
        return (all, baseView);
    }

    /// <summary>The program reads with strides from the tensor's shape, so the upload must have exactly its elements.</summary>
    private static ArrayView<float> Operand(DeviceFrame frame, TensorSymbol tensor)
    {
        var view = frame.Operand(tensor);
        var elements = tensor.Shape.Aggregate(1L, (a, s) => a * s);
        if (view.Length != elements)
            throw new InvalidOperationException($"'{tensor.Name}' has {view.Length} elements on the device, not the {elements} of its shape");
        return view;
    }

    private static readonly MethodInfo InterpretKernel = typeof(LoopKernels).GetMethod(nameof(LoopKernels.Interpret))!;
    private static readonly MethodInfo FillKernel = typeof(LoopKernels).GetMethod(nameof(LoopKernels.Fill))!;
    private static readonly MethodInfo AddReachedKernel = typeof(LoopKernels).GetMethod(nameof(LoopKernels.AddReached))!;
}
