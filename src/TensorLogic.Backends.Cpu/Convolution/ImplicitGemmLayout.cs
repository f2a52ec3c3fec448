using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Contraction;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>Which GEMM operand the window is, which follows from the output's layout.</summary>
internal enum WindowRole
{
    /// <summary>A: the window's rows are C's rows, <c>F[x, y, o]</c> (pixels × filters, filters contiguous).</summary>
    Rows,

    /// <summary>B: the window's rows are C's columns, <c>Y[o, y, x]</c> (filters × pixels, pixels contiguous).</summary>
    Columns,
}

/// <summary>
/// A <see cref="WindowTerm"/> as an implicit GEMM: <c>C = alpha · window · filter</c> (or <c>filter · windowᵀ</c>),
/// where the window is a <see cref="WindowMatrix"/> read from the source as it is packed, never stored.
/// The window's free axes (the output's, e.g. x, y) give one side of C, the filter's output axes (o, its
/// "lines") the other, and the window's summed axes (dx, dy, c) the depth, which the filter must hold too.
/// </summary>
/// <remarks>
/// <c>F[x, y, o]</c> (the filters' indices last and contiguous, the window's before them in one stride) reads
/// the window's rows in place with <see cref="WindowRowsMicroKernel512"/>, which needs AVX-512 and stretches of
/// <see cref="MinimumStretch"/> columns or more contiguous in the source (channels last: a 3×3 filter over 3
/// channels has stretches of 9). <c>Y[o, y, x]</c> (some window indices last with unit stride, the filters'
/// before them in one stride, any window indices before those as batch items: <c>Y[n, o, y, x]</c>) reads or
/// packs the window as B. What neither covers is left to the gathered window (<see cref="Execution.WindowKernels"/>):
/// a contraction that is not one step between the window and a filter, a filter sharing an output index with
/// the window (one filter per channel or per pixel), an index summed on one side only, and outputs that fit
/// neither form, such as a channels-first source into a channels-last output (<c>Y[y, x, o]</c> from
/// <c>X[c, y+dy, x+dx]</c>), whose stretches are single taps.
/// </remarks>
internal sealed class ImplicitGemmLayout
{
    /// <summary>
    /// The shortest average stretch (<see cref="WindowMatrix.ContiguousEnd"/>) for which the row kernel is used:
    /// each piece costs a validity check and a pointer per row, which 8 columns (8 × 16 FMAs per row) repay
    /// several times over.
    /// </summary>
    public const int MinimumStretch = 8;

    private ImplicitGemmLayout(WindowMatrix window, WindowRole role, TensorSymbol source, TensorSymbol filter,
        int[] filterLines, int[] filterDepth, int ldc, int[] batches, double scale)
    {
        Batches = batches;
        Window = window;
        Role = role;
        Source = source;
        Filter = filter;
        FilterLines = filterLines;
        FilterDepth = filterDepth;
        Ldc = ldc;
        Scale = scale;
    }

    public WindowMatrix Window { get; }

    public WindowRole Role { get; }

    public TensorSymbol Source { get; }

    public TensorSymbol Filter { get; }

    /// <summary>Where each value of the filter's output axes (C's other side) starts in the filter.</summary>
    public int[] FilterLines { get; }

    /// <summary>Where each depth value lies in the filter, relative to its line.</summary>
    public int[] FilterDepth { get; }

    /// <summary>
    /// Where each batch item's C starts in the output: the window's rows are split into this many
    /// equal runs of rows (<see cref="BatchRows"/>), each a GEMM of its own. One item, at 0, but for a window
    /// as B whose leading free indices come before the filter's in the output.
    /// </summary>
    public int[] Batches { get; }

    public int BatchRows => Window.FreeCount / Batches.Length;

    /// <summary>C's row stride (its columns are contiguous).</summary>
    public int Ldc { get; }

    /// <summary>The term's sign times its constant factors.</summary>
    public double Scale { get; }

    public int Lines => FilterLines.Length;

    /// <summary>The multiply-adds of one run.</summary>
    public long Work => (long)Window.FreeCount * Window.DepthCount * Lines;

    public static ImplicitGemmLayout? TryCreate(WindowTerm term, out string whyNot)
    {
        var contraction = term.Contraction;
        var windowTensor = term.Window.Tensor;
        // The planner's choice between GEMM and a multiply-reduce loop weighed the gathered window; without it,
        // GEMM's blocking pays at any size, and a thin product (one filter) still saves storing the window.
        if (contraction.Plan.Steps is not [{ Kind: StepKind.Gemm or StepKind.MultiplyReduce, Right: { } right } step]
            || (step.Left.Tensor == windowTensor) == (right.Tensor == windowTensor))
            return Decline(out whyNot, "the window's contraction is not one step between the window and a filter");
        var (window, filter) = step.Left.Tensor == windowTensor ? (step.Left, right) : (right, step.Left);
        var output = step.Result;
        // Free indices in the output's order, so that C addresses them as one dimension where it can.
        var free = output.Indices.Where(window.Indices.Contains).ToList();
        var summed = window.Indices.Where(i => !output.Indices.Contains(i)).ToList();
        var lines = output.Indices.Where(i => !window.Indices.Contains(i)).ToList();
        if (free.Any(filter.Indices.Contains))
            return Decline(out whyNot, "the filter shares an output index with the window (a batch of filters)");
        if (!summed.All(filter.Indices.Contains) || !filter.Indices.All(i => summed.Contains(i) || lines.Contains(i)))
            return Decline(out whyNot, "an index is summed in the window or the filter alone");
        if (Reads(term, window) is not { } reads
            || WindowMatrix.TryCreate([.. window.Indices.Select(i => i.Size)], [.. free.Select(i => window.Indices.IndexOf(i))],
                reads, term.Source.Shape) is not { } matrix)
            return Decline(out whyNot, "a source index is not a free index plus a summed one");
        var depth = matrix.DepthAxes.Select(a => window.Indices[a]).ToList();
        if (matrix.FreeCount == 0 || matrix.DepthCount == 0 || lines.Any(i => i.Size == 0))
            return Decline(out whyNot, "the window is empty");

        var outputLayout = new OperandLayout(output);
        var filterLines = Offsets(lines, new OperandLayout(filter));
        var filterDepth = Offsets(depth, new OperandLayout(filter));
        var scale = contraction.Sign * contraction.Scale;
        whyNot = "";
        var linesUniform = Uniform(lines, outputLayout, out var lineStride);
        // C[f, line] with unit line stride: the window is A, and C's rows are addressed by one stride.
        var freeUniform = Uniform(free, outputLayout, out var freeStride);
        var rowsFit = linesUniform && lineStride <= 1 && freeUniform;
        // A single filter fills one lane of the row kernel's vector but one row of the column kernel's eight.
        var oneFilterInColumns = filterLines.Length == 1 && freeUniform && freeStride <= 1;
        if (rowsFit && Vector512.IsHardwareAccelerated && AverageStretch(matrix) >= MinimumStretch && !oneFilterInColumns)
            return new(matrix, WindowRole.Rows, term.Source, filter.Tensor, filterLines, filterDepth,
                matrix.FreeCount == 1 ? filterLines.Length : (int)freeStride, [0], scale);
        // C[line, f] with unit f stride: the window is B. Leading free indices may sit before the lines
        // (the n of Y[n, o, y, x]): each of their values is then a GEMM of its own, a batch item.
        for (var split = 0; split < free.Count && linesUniform; split++)
        {
            if (Uniform(free[split..], outputLayout, out var innerStride) && innerStride <= 1)
                return new(matrix, WindowRole.Columns, term.Source, filter.Tensor, filterLines, filterDepth,
                    filterLines.Length == 1 ? AxisGroup.Count([.. free[split..].Select(i => i.Size)]) : (int)lineStride,
                    Offsets(free[..split], outputLayout), scale);
        }
        return Decline(out whyNot, rowsFit
            ? "the output keeps the window's rows contiguous, but their channels are not contiguous in the source (or there is no AVX-512)"
            : "the output's filter indices are not one block of memory, or its window indices not one after them");
    }

    /// <summary>Per source position, the window axes it reads; null for anything but an axis or the sum of two.</summary>
    private static SourceRead[]? Reads(WindowTerm term, IrOperand window)
    {
        var reads = new SourceRead[term.SourceIndices.Length];
        for (var p = 0; p < reads.Length; p++)
        {
            reads[p] = term.SourceIndices[p] switch
            {
                IrVariableIndex v when window.Indices.Contains(v.Variable) => new SourceRead(window.Indices.IndexOf(v.Variable)),
                IrArithmeticIndex { Operator: IndexOperator.Add, Left: IrVariableIndex a, Right: IrVariableIndex b }
                    when window.Indices.Contains(a.Variable) && window.Indices.Contains(b.Variable) =>
                    new SourceRead(window.Indices.IndexOf(a.Variable), window.Indices.IndexOf(b.Variable)),
                _ => new SourceRead(-1),
            };
            if (reads[p].Axis < 0)
                return null;
        }
        return reads;
    }

    private static int[] Offsets(List<IrIndex> axes, OperandLayout layout) =>
        AxisGroup.Offsets([.. axes.Select(i => i.Size)], [.. axes.Select(layout.StrideOf)]);

    /// <summary>Whether the axes are one strided dimension of the layout, and its stride (0 for a single value).</summary>
    private static bool Uniform(List<IrIndex> axes, OperandLayout layout, out long stride) =>
        AxisGroup.IsUniform([.. axes.Select(i => i.Size)], [.. axes.Select(layout.StrideOf)], out stride);

    private static double AverageStretch(WindowMatrix window)
    {
        var stretches = 0;
        for (var p = 0; p < window.DepthCount; p = window.ContiguousEnd(p))
            stretches++;
        return (double)window.DepthCount / stretches;
    }

    private static ImplicitGemmLayout? Decline(out string whyNot, string reason)
    {
        whyNot = reason;
        return null;
    }
}
