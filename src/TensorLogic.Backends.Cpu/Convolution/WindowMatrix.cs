using System.Runtime.CompilerServices;

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
/// <c>FreeOffset(f) + DepthOffset(p)</c>, or 0 where a shifted index runs past the source's edge.
/// </summary>
/// <remarks>
/// Each source index is a window axis or a sum <c>u + shift</c> of a free and a depth axis, so both the offset
/// and the range check split into a part that depends on the row only and a part that depends on the column
/// only: the element is inside when, for every summed position q, <c>shift_q(p) &lt; Limit_q(f)</c> with
/// <c>Limit_q(f) = size_q − u_q(f)</c>. Both parts are tabulated once per kernel (a few ints per pixel and per
/// depth value), which is all a packing routine needs to read the window straight from the source.
/// Each table entry is <see cref="EntryLength"/> ints: the offset, then one limit (rows) or shift (columns)
/// per summed position. The tables are pinned, so kernels on any thread read them by pointer.
/// </remarks>
internal sealed unsafe class WindowMatrix
{
    private readonly int[] _free;
    private readonly int[] _depth;
    private readonly int[] _runEnds;

    private WindowMatrix(int freeCount, int depthCount, int sums, int[] free, int[] depth)
    {
        FreeCount = freeCount;
        DepthCount = depthCount;
        Sums = sums;
        _free = free;
        _depth = depth;
        _runEnds = RunEnds();
    }

    /// <summary>Rows: the number of values of the free axes.</summary>
    public int FreeCount { get; }

    /// <summary>Columns: the number of values of the depth axes.</summary>
    public int DepthCount { get; }

    /// <summary>How many source positions are sums <c>u + shift</c> (two for a 2-D convolution).</summary>
    public int Sums { get; }

    public int EntryLength => 1 + Sums;

    /// <summary>Per row: its source offset, then its limit along each summed position.</summary>
    public int* Free => Pinned.Address(_free);

    /// <summary>Per column: its source offset, then its shift along each summed position.</summary>
    public int* Depth => Pinned.Address(_depth);

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
        int[] free = [.. freeAxes];
        // Depth in the source's memory order (the channel of Img[x+dx, y+dy, c] last), whatever order the
        // filter has: then a tap's channels are one run of columns, which the row kernel reads in place.
        int[] depth = [.. Enumerable.Range(0, axisSizes.Count).Where(a => !freeAxes.Contains(a)).OrderByDescending(a => axisStrides[a])];
        var freeTable = Table(free, axisSizes, axisStrides, [.. sums.Select(p => Limit(sourceShape[p], Array.IndexOf(free, reads[p].Axis)))]);
        var depthTable = Table(depth, axisSizes, axisStrides, [.. sums.Select(p => Shift(Array.IndexOf(depth, reads[p].ShiftAxis)))]);
        return new WindowMatrix(AxisGroup.Count(Sizes(free, axisSizes)), AxisGroup.Count(Sizes(depth, axisSizes)),
            sums.Length, freeTable, depthTable) { DepthAxes = depth };
    }

    /// <summary>The window axes of the columns, in the order the column index flattens them.</summary>
    public IReadOnlyList<int> DepthAxes { get; private init; } = [];

    /// <summary>The tables by pointer, for kernels on any thread.</summary>
    public WindowTables Tables => new(Free, Depth, Sums, FreeCount);

    /// <summary>Whether element (f, p) lies inside the source (rather than in the zero padding).</summary>
    public bool Inside(int f, int p) => Inside(Free + (nint)f * EntryLength, Depth + (nint)p * EntryLength, Sums);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Inside(int* freeEntry, int* depthEntry, int sums)
    {
        for (var q = 1; q <= sums; q++)
        {
            if (depthEntry[q] >= freeEntry[q])
                return false;
        }
        return true;
    }

    /// <summary>
    /// The end of the run of columns starting at <paramref name="p"/>: consecutive columns whose elements are
    /// consecutive in the source and share their shifts (the channels of one filter tap), so that a row's
    /// elements over the run are one contiguous piece of the source, or all padding.
    /// </summary>
    public int RunEnd(int p) => _runEnds[p];

    private int[] RunEnds()
    {
        var ends = new int[DepthCount];
        for (var p = DepthCount - 1; p >= 0; p--)
            ends[p] = p + 1 < DepthCount && Continues(p) ? ends[p + 1] : p + 1;
        return ends;
    }

    /// <summary>Whether column p+1 continues column p's run.</summary>
    private bool Continues(int p)
    {
        int* a = Depth + (nint)p * EntryLength, b = a + EntryLength;
        if (b[0] != a[0] + 1)
            return false;
        for (var q = 1; q <= Sums; q++)
        {
            if (b[q] != a[q])
                return false;
        }
        return true;
    }

    /// <summary>One entry per value of <paramref name="axes"/>: its offset, then each of <paramref name="extras"/> of it.</summary>
    private static int[] Table(int[] axes, IReadOnlyList<int> axisSizes, long[] axisStrides, Func<int[], int>[] extras)
    {
        var sizes = Sizes(axes, axisSizes);
        var entry = 1 + extras.Length;
        var table = Pinned.Allocate<int>(AxisGroup.Count(sizes) * entry);
        var at = 0;
        foreach (var cell in AxisGroup.Cells(sizes))
        {
            long offset = 0;
            for (var k = 0; k < axes.Length; k++)
                offset += cell[k] * axisStrides[axes[k]];
            table[at] = checked((int)offset);
            for (var e = 0; e < extras.Length; e++)
                table[at + 1 + e] = extras[e](cell);
            at += entry;
        }
        return table;
    }

    /// <summary>How many shifts keep <c>u + shift</c> inside a source position of <paramref name="size"/>, for the free cell's u.</summary>
    private static Func<int[], int> Limit(int size, int uInGroup) => cell => size - cell[uInGroup];

    private static Func<int[], int> Shift(int shiftInGroup) => cell => cell[shiftInGroup];

    private static int[] Sizes(int[] axes, IReadOnlyList<int> axisSizes) => [.. axes.Select(a => axisSizes[a])];
}

/// <summary>A <see cref="WindowMatrix"/>'s tables as an unmanaged value, which a parallel job can carry.</summary>
internal readonly unsafe struct WindowTables(int* free, int* depth, int sums, int freeCount)
{
    public int* Free { get; } = free;

    public int* Depth { get; } = depth;

    public int Sums { get; } = sums;

    public int FreeCount { get; } = freeCount;

    public int EntryLength => 1 + Sums;

    public int* FreeEntry(int f) => Free + (nint)f * EntryLength;

    public int* DepthEntry(int p) => Depth + (nint)p * EntryLength;

    /// <summary>
    /// Whether rows [f, f + n) are one run along the source's last axis: consecutive offsets, and along each
    /// summed position a limit that is the same for all of them or shrinks by one from each row to the next
    /// (the x of <c>X[c, y+dy, x+dx]</c>, marked in <paramref name="shrinking"/>, bit q for position q). Their
    /// elements in one column are then a piece of the source followed by padding.
    /// </summary>
    public bool IsRun(int f, int n, out uint shrinking)
    {
        shrinking = 0;
        if (f + n > FreeCount)
            return false;
        int* first = FreeEntry(f);
        int* last = FreeEntry(f + n - 1);
        if (last[0] - first[0] != n - 1)
            return false;
        for (var q = 1; q <= Sums; q++)
        {
            var drop = first[q] - last[q];
            if (drop == n - 1)
                shrinking |= 1u << q;
            else if (drop != 0)
                return false;
        }
        // The ends agree with a run; every row between must too (an image row may end inside the range).
        for (var j = 1; j < n - 1; j++)
        {
            int* row = FreeEntry(f + j);
            if (row[0] != first[0] + j)
                return false;
            for (var q = 1; q <= Sums; q++)
            {
                if (row[q] != first[q] - (int)((shrinking >> q) & 1) * j)
                    return false;
            }
        }
        return true;
    }
}
