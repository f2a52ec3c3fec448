namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>How one source position is read: at one window axis (<c>c</c>), or at a free axis plus a depth axis (<c>x+dx</c>).</summary>
internal readonly record struct SourceRead(int Axis, int ShiftAxis = -1)
{
    public bool IsSum => ShiftAxis >= 0;
}

/// <summary>
/// The window of a convolution as a matrix that is never stored. Its row <c>f</c> is a value of the free
/// axes (the window axes the output keeps, flattened: the pixel (x, y)), its column <c>p</c> a value of the
/// depth axes (the summed ones: (dx, dy, c)), and the element is the source element at
/// <c>offset(f) + offset(p)</c>, or 0 where a shifted index runs past the source's edge.
/// </summary>
/// <remarks>
/// Each source index is a window axis or a sum <c>u + shift</c> of a free and a depth axis, so both the offset
/// and the range check split into a part that depends on the row only and a part that depends on the column
/// only: the element is inside when, for every summed position q, <c>shift_q(p) &lt; limit_q(f)</c> with
/// <c>limit_q(f) = size_q − u_q(f)</c>. An entry holds <see cref="EntryLength"/> ints: the offset, then one limit
/// (a row's) or shift (a column's) per summed position. Columns are tabulated (taps × channels: hundreds);
/// rows, being affine in the pixel too, are tabulated as the sum of an entry for the last free axis (y) and
/// one for the others (x, or n and x), so a 256 × 256 image needs 512 entries rather than 65,536: a session
/// builds them on every run, and fresh memory is dear. <see cref="WindowTables"/> puts them back together.
/// </remarks>
internal sealed class WindowMatrix
{
    private readonly int[] _runEnds;
    private readonly int[] _contiguousEnds;

    private WindowMatrix(int freeCount, int innerCount, int sums, int[] outer, int[] inner, int[] depth, int[] depthAxes)
    {
        FreeCount = freeCount;
        InnerCount = innerCount;
        Sums = sums;
        Outer = outer;
        Inner = inner;
        Depth = depth;
        DepthAxes = depthAxes;
        _runEnds = Ends(p => Continues(p, sameShifts: true));
        _contiguousEnds = Ends(p => Continues(p, sameShifts: false));
    }

    /// <summary>Rows: the number of values of the free axes.</summary>
    public int FreeCount { get; }

    /// <summary>Columns: the number of values of the depth axes.</summary>
    public int DepthCount => Depth.Length / EntryLength;

    /// <summary>How many values the last free axis takes: row f is outer entry f / InnerCount plus inner entry f % InnerCount.</summary>
    public int InnerCount { get; }

    /// <summary>How many source positions are sums <c>u + shift</c> (two for a 2-D convolution).</summary>
    public int Sums { get; }

    public int EntryLength => 1 + Sums;

    /// <summary>Per value of the free axes but the last: the offset and limits they contribute.</summary>
    public int[] Outer { get; }

    /// <summary>Per value of the last free axis: the offset and limits it contributes.</summary>
    public int[] Inner { get; }

    /// <summary>Per column: its source offset, then its shift along each summed position.</summary>
    public int[] Depth { get; }

    /// <summary>The window axes of the columns, in the order the column index flattens them.</summary>
    public IReadOnlyList<int> DepthAxes { get; }

    /// <summary>
    /// The window over <paramref name="axisSizes"/> (the window's axes) whose rows are
    /// <paramref name="freeAxes"/> in that order; null when some source position does not add a free axis to a
    /// depth axis, or reads an axis larger than itself. The columns are the other axes in the order of their
    /// strides in the source (see <see cref="DepthAxes"/>).
    /// </summary>
    public static WindowMatrix? TryCreate(IReadOnlyList<int> axisSizes, IReadOnlyList<int> freeAxes,
        IReadOnlyList<SourceRead> reads, IReadOnlyList<int> sourceShape)
    {
        // u + shift is shift + u: keep the free axis first.
        reads = [.. reads.Select(r => r.IsSum && !freeAxes.Contains(r.Axis) ? new SourceRead(r.ShiftAxis, r.Axis) : r)];
        if (reads.Count(r => r.IsSum) > 31)
            return null;
        var axisStrides = new long[axisSizes.Count];
        var sourceStride = 1L;
        for (var position = reads.Count - 1; position >= 0; position--)
        {
            var read = reads[position];
            if (axisSizes[read.Axis] > sourceShape[position]
                || read.IsSum && (!freeAxes.Contains(read.Axis) || freeAxes.Contains(read.ShiftAxis)))
                return null;
            axisStrides[read.Axis] += sourceStride;
            if (read.IsSum)
                axisStrides[read.ShiftAxis] += sourceStride;
            sourceStride *= sourceShape[position];
        }
        var sums = Enumerable.Range(0, reads.Count).Where(p => reads[p].IsSum).ToArray();
        int[] outer = [.. freeAxes.SkipLast(1)], inner = [.. freeAxes.TakeLast(1)];
        // Depth in the source's memory order (the channel of Img[x+dx, y+dy, c] last), whatever order the
        // filter has: then a tap's channels are one run of columns, which the row kernel reads in place.
        int[] depth = [.. Enumerable.Range(0, axisSizes.Count).Where(a => !freeAxes.Contains(a)).OrderByDescending(a => axisStrides[a])];
        // A limit size − u is split as the outer part carrying size (and −u if u is outer), the inner −u if u is inner.
        var outerTable = Table(outer, axisSizes, axisStrides, [.. sums.Select(p => (Array.IndexOf(outer, reads[p].Axis), sourceShape[p], -1))]);
        var innerTable = Table(inner, axisSizes, axisStrides, [.. sums.Select(p => (Array.IndexOf(inner, reads[p].Axis), 0, -1))]);
        var depthTable = Table(depth, axisSizes, axisStrides, [.. sums.Select(p => (Array.IndexOf(depth, reads[p].ShiftAxis), 0, 1))]);
        return new WindowMatrix(AxisGroup.Count(Sizes(freeAxes, axisSizes)), AxisGroup.Count(Sizes(inner, axisSizes)),
            sums.Length, outerTable, innerTable, depthTable, depth);
    }

    /// <summary>
    /// The end of the run of columns starting at <paramref name="p"/>: consecutive columns whose elements are
    /// consecutive in the source and share their shifts (the channels of one filter tap), so that a row's
    /// elements over the run are one contiguous piece of the source, or all padding.
    /// </summary>
    public int RunEnd(int p) => _runEnds[p];

    /// <summary>
    /// The end of the stretch of columns starting at <paramref name="p"/>: consecutive columns whose elements
    /// are consecutive in the source, whatever their shifts. In a channels-last image <c>Img[x+dx, y+dy, c]</c>
    /// the taps along y follow each other in memory, so a stretch is (dy, c) for one dx: for a row far from the
    /// edges, one contiguous piece of the source over several runs.
    /// </summary>
    public int ContiguousEnd(int p) => _contiguousEnds[p];

    private int[] Ends(Func<int, bool> continues)
    {
        var ends = new int[DepthCount];
        for (var p = DepthCount - 1; p >= 0; p--)
            ends[p] = p + 1 < DepthCount && continues(p) ? ends[p + 1] : p + 1;
        return ends;
    }

    /// <summary>Whether column p+1 lies right after column p in the source, and, if asked, has its shifts.</summary>
    private bool Continues(int p, bool sameShifts)
    {
        var (a, b) = (p * EntryLength, (p + 1) * EntryLength);
        if (Depth[b] != Depth[a] + 1)
            return false;
        for (var q = 1; q <= Sums && sameShifts; q++)
        {
            if (Depth[b + q] != Depth[a + q])
                return false;
        }
        return true;
    }

    /// <summary>
    /// One entry per value of <paramref name="axes"/>: its source offset, then per summed position the value
    /// <c>constant + sign · cell[axis]</c> (no cell term where the axis is not among them: index −1), each an
    /// affine function of the cell like the offset itself.
    /// </summary>
    private static int[] Table(int[] axes, IReadOnlyList<int> axisSizes, long[] axisStrides, (int Axis, int Constant, int Sign)[] extras)
    {
        var sizes = Sizes(axes, axisSizes);
        var coefficients = new long[(1 + extras.Length) * axes.Length];
        for (var k = 0; k < axes.Length; k++)
            coefficients[k] = axisStrides[axes[k]];
        for (var e = 0; e < extras.Length; e++)
        {
            if (extras[e].Axis >= 0)
                coefficients[(1 + e) * axes.Length + extras[e].Axis] = extras[e].Sign;
        }
        var table = new int[AxisGroup.Count(sizes) * (1 + extras.Length)];
        AxisGroup.Affine(sizes, coefficients, [0, .. extras.Select(e => e.Constant)], table);
        return table;
    }

    private static int[] Sizes(IEnumerable<int> axes, IReadOnlyList<int> axisSizes) => [.. axes.Select(a => axisSizes[a])];
}
