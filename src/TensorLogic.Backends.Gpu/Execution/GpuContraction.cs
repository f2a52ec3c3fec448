using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// One <see cref="ContractionTerm"/> on the device, following the compiler's plan step by step. A step the
/// plan marked GEMM whose index groups fit <see cref="Axes"/> runs the tiled shared-memory kernel; every other
/// step (thin products, reductions, relations read as 0/1) runs the one-thread-per-cell kernel. Layouts are
/// worked out here once; a call only uploads them and launches.
/// </summary>
internal sealed class GpuContraction
{
    private readonly Step[] _steps;

    private GpuContraction(Step[] steps) => _steps = steps;

    /// <summary>The term's own factor, <c>Sign · Scale</c>.</summary>
    public float TermScale { get; private init; }

    /// <summary>The kernels of the steps, for <c>--profile</c>: cublas, gemm (the tiled kernel) or contract.</summary>
    public string Kind { get; private init; } = "";

    public static GpuContraction For(ContractionTerm term, GpuDevice device)
    {
        var steps = term.Plan.Steps.Select((step, s) => Step.Of(step, device, isFinal: s == term.Plan.Steps.Length - 1)).ToArray();
        var kinds = steps.Select(s => s.Scatter is not null ? "scatter" : s.Gemm is not null ? (s.Gemm.Blas is not null && device.Blas is not null ? "cublas" : "gemm")
            : s.ReductionGroup > 0 ? "reduce" : "contract");
        return new GpuContraction(steps) { TermScale = (float)(term.Sign * term.Scale), Kind = string.Join("+", kinds.Distinct()) };
    }

    /// <summary>One line per step: its operands and the kernel's specialization (<c>--emit kernels</c>).</summary>
    public IEnumerable<string> Describe(GpuDevice device) => _steps.Select(step =>
    {
        var source = step.Source;
        var operands = source.Right is null ? $"{source.Left} -> {source.Result}" : $"{source.Left} * {source.Right} -> {source.Result}";
        if (step.Scatter is { } scatter)
            return $"{operands}: {scatter.Description}";
        if (step.Gemm is { } gemm)
        {
            var g = gemm.Shape;
            var blas = gemm.Blas is { } call && device.Blas is not null
                ? $"cuBLAS sgemm({call.FirstOperation}, {call.SecondOperation}, {call.Rows}, {call.Columns}, {call.Inner}, ld {call.FirstLeading}/{call.SecondLeading}/{call.ResultLeading}) x {gemm.Batches}"
                : $"tiled GEMM, tile {gemm.Config.GroupDim.X}x{gemm.Config.GroupDim.Y}, grid {gemm.Config.GridDim}";
            return $"{operands}: {blas}; M {g.M}, N {g.N}, K {g.K}, batches {gemm.Batches}";
        }
        var c = step.Contract;
        if (step.ReductionGroup > 0)
            return $"{operands}: a group of {step.ReductionGroup} threads per cell, {source.Result.Elements:N0} cells, {c.OuterSumCount * c.InnerSize:N0} products each";
        return $"{operands}: one thread per cell, {source.Result.Elements:N0} cells, {c.OuterSumCount:N0} x {c.InnerSize:N0} products each (inner strides {step.Form.InnerLeftStride}, {step.Form.InnerRightStride})";
    });

    /// <summary>Why a term cannot run here (an operand or temporary past one launch's reach), or null.</summary>
    public static string? Unsupported(ContractionTerm term)
    {
        foreach (var step in term.Plan.Steps)
        {
            // A relation that drives a step by its tuples is never laid out densely: its shape does not matter.
            var scattered = TupleScatter.For(step)?.Relation;
            foreach (var operand in new[] { step.Left, step.Right, step.Result })
            {
                if (operand is not null && operand != scattered && operand.Elements > int.MaxValue)
                    return $"{operand} has {operand.Elements:N0} elements, more than one kernel launch covers";
            }
        }
        return null;
    }

    /// <summary><c>output += scale · Σ Π inputs</c>, <paramref name="output"/> shaped as the term's output.</summary>
    public void Run(DeviceFrame frame, ArrayView<float> output, float scale)
    {
        var temporaries = new Dictionary<TensorSymbol, ArrayView<float>>();
        ArrayView<float> Input(IrOperand? operand) =>
            operand is null ? frame.Constant(One, "a reduction's unit operand")
            : temporaries.TryGetValue(operand.Tensor, out var view) ? view
            : frame.Operand(operand.Tensor);
        foreach (var step in _steps)
        {
            var result = step.IsFinal ? output : (ArrayView<float>)frame.Rent<float>(step.Source.Result.Elements, step.Source.Result.Tensor.Name).View;
            if (!step.IsFinal)
                temporaries[step.Source.Result.Tensor] = result;
            var stepScale = step.IsFinal ? scale : 1f;
            if (step.Scatter is { } scatter)
            {
                var dense = step.Source.Right is null ? Input(null)
                    : Input(ReferenceEquals(scatter.Relation, step.Source.Left) ? step.Source.Right : step.Source.Left);
                scatter.Run(frame, dense, result, step.Source.Result.Elements, stepScale, accumulate: step.IsFinal);
                continue;
            }
            var left = Input(step.Source.Left);
            var right = Input(step.Source.Right);
            if (step.Gemm is { Blas: { } call } blasGemm && frame.Device.Blas is { } blas)
            {
                blas.Stream = (ILGPU.Runtime.Cuda.CudaStream)frame.Stream;
                call.Run(blas, blasGemm.Shape with { Scale = stepScale, Accumulate = step.IsFinal ? 1 : 0 }, blasGemm.Batches, left, right, result);
            }
            else if (step.Gemm is { } gemm)
            {
                var shape = gemm.Shape with { Scale = stepScale, Accumulate = step.IsFinal ? 1 : 0 };
                frame.Device.Grouped<Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape, SpecializedValue<int>>>(GemmKernel)(
                    frame.Stream, gemm.Config, left, right, result, shape, SpecializedValue.New(gemm.Config.GroupDim.X));
            }
            else if (step.ReductionGroup > 0)
            {
                var shape = step.Contract with { Scale = stepScale, Accumulate = step.IsFinal ? 1 : 0 };
                var config = new KernelConfig((int)step.Source.Result.Elements, step.ReductionGroup);
                var f = step.Form;
                frame.Device.Grouped<Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<long>, ContractShape,
                    SpecializedValue<int>, SpecializedValue<int>, SpecializedValue<long>, SpecializedValue<long>>>(ContractByGroupKernel)(
                    frame.Stream, config, left, right, result, frame.Constant(step.Layout, "a contraction layout"), shape,
                    SpecializedValue.New(f.OutRank), SpecializedValue.New(f.OuterSumRank), SpecializedValue.New(f.InnerLeftStride), SpecializedValue.New(f.InnerRightStride));
            }
            else
            {
                var shape = step.Contract with { Scale = stepScale, Accumulate = step.IsFinal ? 1 : 0 };
                var f = step.Form;
                frame.Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<long>, ContractShape,
                    SpecializedValue<int>, SpecializedValue<int>, SpecializedValue<long>, SpecializedValue<long>>>(ContractKernel)(
                    frame.Stream, (int)step.Source.Result.Elements, left, right, result, frame.Constant(step.Layout, "a contraction layout"), shape,
                    SpecializedValue.New(f.OutRank), SpecializedValue.New(f.OuterSumRank), SpecializedValue.New(f.InnerLeftStride), SpecializedValue.New(f.InnerRightStride));
            }
        }
    }

    private static readonly float[] One = [1f];

    private static readonly System.Reflection.MethodInfo ContractKernel = typeof(ContractionKernels).GetMethod(nameof(ContractionKernels.Contract))!;

    private static readonly System.Reflection.MethodInfo ContractByGroupKernel = typeof(ContractionKernels).GetMethod(nameof(ContractionKernels.ContractByGroup))!;

    private static readonly System.Reflection.MethodInfo GemmKernel = typeof(ContractionKernels).GetMethod(nameof(ContractionKernels.Gemm))!;

    /// <summary>A GEMM step's tiled-kernel launch, and its cuBLAS call where the operands are plain matrices.</summary>
    /// <summary>What the general kernels are specialized on: the ranks and the innermost summed axis's strides.</summary>
    private readonly record struct ContractForm(int OutRank, int OuterSumRank, long InnerLeftStride, long InnerRightStride);

    private sealed record GemmLaunch(GemmShape Shape, KernelConfig Config, int Batches, BlasGemm? Blas);

    /// <summary>
    /// A step whose cells each sum this many products or more, with few enough cells to give each its own group,
    /// is reduced by a group per cell: one thread summing a whole loss or bias gradient would leave the device idle.
    /// </summary>
    private const long GroupReductionProducts = 1024;

    private const long GroupReductionMaxCells = 1 << 16;

    /// <param name="ReductionGroup">Threads per cell for <see cref="ContractionKernels.ContractByGroup"/>, or 0 for one thread per cell.</param>
    /// <param name="Scatter">For a step with one relation operand: its tuple-driven kernel.</param>
    private sealed record Step(ContractionStep Source, bool IsFinal, long[] Layout, ContractShape Contract, ContractForm Form, GemmLaunch? Gemm,
        int ReductionGroup, TupleScatter? Scatter)
    {
        public static Step Of(ContractionStep step, GpuDevice device, bool isFinal)
        {
            if (TupleScatter.For(step) is { } scatter)
                return new Step(step, isFinal, [], default, default, null, 0, scatter);
            var (layout, contract, form) = General(step);
            var gemm = step.Kind == StepKind.Gemm && step.Right is not null ? Tiled(step, device) : null;
            var products = contract.OuterSumCount * contract.InnerSize;
            var group = 0;
            if (gemm is null && products >= GroupReductionProducts && step.Result.Elements <= GroupReductionMaxCells)
            {
                group = 1;
                while (group * 2 <= Math.Min(device.MaxGroupSize, Kernels.GroupReductions.MaxGroup))
                    group *= 2;
            }
            return new Step(step, isFinal, layout, contract, form, gemm, group, null);
        }

        /// <summary>The general kernel's table: output sizes and strides, then the outer summed axes; the innermost summed axis in the form.</summary>
        private static (long[] Layout, ContractShape Shape, ContractForm Form) General(ContractionStep step)
        {
            var output = step.Result.Indices;
            var summed = step.Left.Indices.Concat(step.Right?.Indices ?? []).Distinct().Where(i => !output.Contains(i)).ToList();
            var inner = summed.Count > 0 ? summed[^1] : null;
            var outer = summed.Count > 0 ? summed[..^1] : [];
            var layout = new List<long>();
            layout.AddRange(output.Select(i => (long)i.Size));
            layout.AddRange(output.Select(i => StrideOf(step.Left, i)));
            layout.AddRange(output.Select(i => StrideOf(step.Right, i)));
            layout.AddRange(outer.Select(i => (long)i.Size));
            layout.AddRange(outer.Select(i => StrideOf(step.Left, i)));
            layout.AddRange(outer.Select(i => StrideOf(step.Right, i)));
            var shape = new ContractShape
            {
                OuterSumCount = outer.Aggregate(1L, (a, i) => a * i.Size),
                InnerSize = inner?.Size ?? 1,
            };
            var form = new ContractForm(output.Length, outer.Count,
                inner is null ? 0 : StrideOf(step.Left, inner), inner is null ? 0 : StrideOf(step.Right, inner));
            return ([.. layout], shape, form);
        }

        /// <summary>The tiled kernel's launch, or null when an index group does not fit <see cref="Axes"/> or the grid.</summary>
        private static GemmLaunch? Tiled(ContractionStep step, GpuDevice device)
        {
            var (a, b, c) = (step.Left, step.Right!, step.Result);
            if (a.Indices.Any(i => !b.Indices.Contains(i) && !c.Indices.Contains(i))
                || b.Indices.Any(i => !a.Indices.Contains(i) && !c.Indices.Contains(i))
                || c.Indices.Any(i => !a.Indices.Contains(i) && !b.Indices.Contains(i)))
                return null;
            var batch = c.Indices.Where(i => a.Indices.Contains(i) && b.Indices.Contains(i)).ToList();
            var m = c.Indices.Where(i => a.Indices.Contains(i) && !b.Indices.Contains(i)).ToList();
            var n = c.Indices.Where(i => b.Indices.Contains(i) && !a.Indices.Contains(i)).ToList();
            var k = a.Indices.Distinct().Where(i => b.Indices.Contains(i) && !c.Indices.Contains(i)).ToList();
            Axes? Group(IrOperand operand, List<IrIndex> indices) => Axes.Of([.. indices.Select(i => (i.Size, StrideOf(operand, i)))]);
            var groups = new[] { Group(a, batch), Group(a, m), Group(a, k), Group(b, batch), Group(b, k), Group(b, n), Group(c, batch), Group(c, m), Group(c, n) };
            if (groups.Any(g => g is null))
                return null;
            static long Size(List<IrIndex> indices) => indices.Aggregate(1L, (p, i) => p * i.Size);
            var tile = 1;
            while ((tile * 2) * (tile * 2) <= Math.Min(device.MaxGroupSize, 256))
                tile *= 2;
            var (mSize, nSize, kSize, batches) = (Size(m), Size(n), Size(k), Size(batch));
            var grid = ((nSize + tile - 1) / tile, (mSize + tile - 1) / tile, batches);
            if (grid.Item1 > int.MaxValue || grid.Item2 > 65535 || grid.Item3 > 65535 || kSize > int.MaxValue)
                return null;
            var shape = new GemmShape
            {
                M = (int)mSize,
                N = (int)nSize,
                K = (int)kSize,
                ABatch = groups[0]!.Value, AM = groups[1]!.Value, AK = groups[2]!.Value,
                BBatch = groups[3]!.Value, BK = groups[4]!.Value, BN = groups[5]!.Value,
                CBatch = groups[6]!.Value, CM = groups[7]!.Value, CN = groups[8]!.Value,
            };
            var config = new KernelConfig(
                new Index3D((int)grid.Item1, (int)grid.Item2, (int)grid.Item3),
                new Index3D(tile, tile, 1),
                SharedMemoryConfig.RequestDynamic<float>(2 * tile * tile));
            return new GemmLaunch(shape, config, (int)batches, BlasGemm.Of(shape));
        }
    }

    /// <summary>An index's element stride in a row-major operand (summed over repeats: a diagonal read); 0 where absent.</summary>
    internal static long StrideOf(IrOperand? operand, IrIndex index)
    {
        if (operand is null)
            return 0;
        long stride = 1;
        long total = 0;
        for (var p = operand.Indices.Length - 1; p >= 0; p--)
        {
            if (operand.Indices[p] == index)
                total += stride;
            stride *= operand.Indices[p].Size;
        }
        return total;
    }
}
