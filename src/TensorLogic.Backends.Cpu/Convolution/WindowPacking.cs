using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// Packs the operands of implicit GEMM into the sliver layouts of <see cref="Kernels.GemmPacking"/>: blocks of
/// the window read straight from the source through a <see cref="WindowTables"/> (padding packed as zeros), and
/// the filter through offset tables, so that neither needs its axes in any particular order in memory.
/// </summary>
internal static unsafe class WindowPacking
{
    /// <summary>
    /// Packs one sliver of the window as B: depth [p0, p0 + kc) by the <paramref name="count"/> rows whose
    /// entries are at <paramref name="rows"/>, <c>dst[p·width + j] = window(row j, p0 + p)</c>, zeros past the
    /// last row. <paramref name="isRun"/> and <paramref name="shrinking"/> are <see cref="WindowTables.IsRun"/>'s
    /// verdict on the rows, when they are a whole sliver.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackWindowSliver<T>(in WindowTables window, T* source, int p0, int kc, int* rows, int count,
        bool isRun, uint shrinking, T* dst, int width)
        where T : unmanaged, INumberBase<T>
    {
        if (isRun)
            PackRun(window, source, p0, kc, rows, shrinking, dst, width);
        else
            PackRows(window, source, p0, kc, rows, count, dst, width);
    }

    /// <summary>
    /// Rows that are one run of the source (<see cref="WindowTables.IsRun"/>): each column is a contiguous piece
    /// of the source, then padding, copied whole by vectors where nothing is padding (all but the image's edge).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRun<T>(in WindowTables window, T* source, int p0, int kc, int* row, uint shrinking, T* dst, int width)
        where T : unmanaged, INumberBase<T>
    {
        T* first = source + row[0];
        for (int p = 0; p < kc; p++, dst += width)
        {
            int* column = window.DepthEntry(p0 + p);
            int inside = width;
            for (int q = 1; q <= window.Sums; q++)
            {
                int room = row[q] - column[q];
                if ((shrinking & (1u << q)) != 0)
                    inside = Math.Min(inside, room);
                else if (room <= 0)
                    inside = 0;
            }
            T* from = first + column[0];
            if (inside == width)
            {
                CopyWhole(from, dst, width);
                continue;
            }
            int j = 0;
            for (; j < inside; j++)
                dst[j] = from[j];
            for (; j < width; j++)
                dst[j] = T.Zero;
        }
    }

    /// <summary>Any rows, element by element: the general case (and the last, partial sliver).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackRows<T>(in WindowTables window, T* source, int p0, int kc, int* rows, int count, T* dst, int width)
        where T : unmanaged, INumberBase<T>
    {
        int sums = window.Sums, length = window.EntryLength;
        for (int p = 0; p < kc; p++, dst += width)
        {
            int* column = window.DepthEntry(p0 + p);
            for (int j = 0; j < count; j++)
            {
                int* row = rows + j * length;
                dst[j] = WindowTables.Inside(row, column, sums) ? source[row[0] + column[0]] : T.Zero;
            }
            for (int j = count; j < width; j++)
                dst[j] = T.Zero;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyWhole<T>(T* from, T* to, int width)
        where T : unmanaged, INumberBase<T>
    {
        if (Vector512.IsHardwareAccelerated && width == 2 * Vector512<T>.Count)
        {
            Vector512.Store(Vector512.Load(from), to);
            Vector512.Store(Vector512.Load(from + Vector512<T>.Count), to + Vector512<T>.Count);
        }
        else if (width == 2 * Vector256<T>.Count)
        {
            Vector256.Store(Vector256.Load(from), to);
            Vector256.Store(Vector256.Load(from + Vector256<T>.Count), to + Vector256<T>.Count);
        }
        else
        {
            new ReadOnlySpan<T>(from, width).CopyTo(new Span<T>(to, width));
        }
    }

    /// <summary>
    /// Packs the filter, block by block of <paramref name="blocks"/>, into slivers of <paramref name="width"/>
    /// lines (its output indices, <c>o</c>): block b starts at <c>Starts[b] · lines rounded up to width</c>, and
    /// holds <c>dst[(s·kc + p)·width + i] = filter[lineOffsets[s·width + i] + depthOffsets[Starts[b] + p]]</c>,
    /// zeros past the last line. The same layout serves as packed A (width MR) and packed B (width NR).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackFilter<T>(T* filter, ReadOnlySpan<int> lineOffsets, ReadOnlySpan<int> depthOffsets,
        DepthBlocks blocks, int width, T* dst)
        where T : unmanaged, INumberBase<T>
    {
        int lines = lineOffsets.Length;
        for (int b = 0; b < blocks.Count; b++)
        {
            int p0 = blocks.Start(b), kc = blocks.Start(b + 1) - p0;
            for (int l0 = 0; l0 < lines; l0 += width)
            {
                for (int p = 0; p < kc; p++, dst += width)
                {
                    int depth = depthOffsets[p0 + p];
                    for (int i = 0; i < width; i++)
                        dst[i] = l0 + i < lines ? filter[lineOffsets[l0 + i] + depth] : T.Zero;
                }
            }
        }
    }
}
