using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// An equation's outer function on the device, at the reached cells: an elementwise built-in through its one
/// definition (the generic <see cref="CellKernels.Apply{TDefinition}"/> instantiated over the built-in's
/// definition struct), or softmax / layer norm over the groups of <see cref="GroupLayout"/>.
/// </summary>
internal sealed class GpuOuterFunction
{
    private readonly IrOuterFunction _function;
    private readonly MethodInfo? _elementwise;
    private readonly GroupLayout? _groups;

    private GpuOuterFunction(IrOuterFunction function, MethodInfo? elementwise, GroupLayout? groups)
    {
        _function = function;
        _elementwise = elementwise;
        _groups = groups;
    }

    /// <summary>The function's device form, or null when it rearranges cells (concat is lowered before engines see it).</summary>
    public static GpuOuterFunction? For(IrOuterFunction function, IrEquation equation) => function.Function switch
    {
        { Elementwise: { } elementwise } => new GpuOuterFunction(function,
            typeof(CellKernels).GetMethod(nameof(CellKernels.Apply))!.MakeGenericMethod(elementwise.Definition), null),
        { Normalizer: not null } => new GpuOuterFunction(function, null, GroupLayout.Of(equation.Target.Shape, function.NormalizedAxes)),
        _ => null,
    };

    /// <summary>The kernel and its specialization, for <c>--emit kernels</c>.</summary>
    public string Description => _elementwise is not null
        ? $"{_function.Function.Name}: CellKernels.Apply<{_elementwise.GetGenericArguments()[0].Name}> at the reached cells"
        : _groups!.Members.Length < GroupMembersForThreads
            ? $"{_function.Function.Name}: one thread per group, {_groups.Bases.Length:N0} groups of {_groups.Members.Length:N0}"
            : $"{_function.Function.Name}: a group of threads per group, {_groups.Bases.Length:N0} groups of {_groups.Members.Length:N0}";

    public void Apply(DeviceFrame frame, ArrayView<float> values, ArrayView<int> counts, bool useCounts)
    {
        var length = (int)values.Length;
        if (_elementwise is not null)
        {
            var arguments = OuterArguments.Evaluate<float>(_function, frame.Context);
            var argument = arguments.Length > 0 ? arguments[0] : (float)_function.Function.Elementwise!.DefaultArgument;
            frame.Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, int, float>>(_elementwise)(
                frame.Stream, length, values, counts, useCounts ? 1 : 0, argument);
            return;
        }
        var groups = _groups!;
        var softmax = _function.Function.Normalizer == Normalizer.Softmax ? 1 : 0;
        var epsilon = (float)Normalization.LayerNormEpsilon;
        if (GroupSize(frame.Device) is var threads and > 1)
        {
            frame.Device.Grouped<Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<int>, int, ArrayView<int>, ArrayView<int>, int, float>>(NormalizeByGroupKernel)(
                frame.Stream, new KernelConfig(groups.Bases.Length, threads), values, counts, useCounts ? 1 : 0,
                frame.Constant(groups.Bases, "normalization groups"), frame.Constant(groups.Members, "normalization groups"), softmax, epsilon);
            return;
        }
        frame.Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>, int, ArrayView<int>, ArrayView<int>, int, float>>(NormalizeKernel)(
            frame.Stream, groups.Bases.Length, values, counts, useCounts ? 1 : 0,
            frame.Constant(groups.Bases, "normalization groups"), frame.Constant(groups.Members, "normalization groups"),
            softmax, epsilon);
    }

    /// <summary>Groups of at least this many members are normalized by a group of threads each, shorter ones by one thread.</summary>
    private const int GroupMembersForThreads = 64;

    /// <summary>Threads per normalization group: 1 for short groups, else the largest power of two the device allows (up to 256).</summary>
    private int GroupSize(Devices.GpuDevice device)
    {
        if (_groups!.Members.Length < GroupMembersForThreads)
            return 1;
        var threads = 1;
        while (threads * 2 <= Math.Min(device.MaxGroupSize, GroupReductions.MaxGroup))
            threads *= 2;
        return threads;
    }

    private static readonly MethodInfo NormalizeByGroupKernel = typeof(CellKernels).GetMethod(nameof(CellKernels.NormalizeByGroup))!;

    private static readonly MethodInfo NormalizeKernel = typeof(CellKernels).GetMethod(nameof(CellKernels.Normalize))!;
}
