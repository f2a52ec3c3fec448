using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// The loop nest of implicit GEMM when the window is A (<see cref="WindowRole.Rows"/>): the blocked GEMM's,
/// with the window's rows read in place by <see cref="WindowRowsMicroKernel512"/> instead of packed.
/// </summary>
[SkipLocalsInit]
internal static unsafe class ImplicitGemmRows
{
    /// <summary>
    /// The window as A (<c>F[x, y, o]</c>): rows block by block, depth block by block, then for each sliver of
    /// the packed filter every micro-tile of the row block, its rows read in place by
    /// <see cref="WindowRowsMicroKernel512"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(void* context, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref ImplicitGemmJob<T> job = ref *(ImplicitGemmJob<T>*)context;
        const int mr = WindowRowsMicroKernel512.MR;
        int nr = job.Blocking.NR, rows = job.Window.FreeCount;
        var (start, end) = ImplicitGemm.Share(ImplicitGemm.Ceiling(rows, mr), job.Parts, part);
        (start, end) = (Math.Min(start * mr, rows), Math.Min(end * mr, rows));
        T** pointers = stackalloc T*[job.Depth.MaxRuns * mr];
        int* lengths = stackalloc int[job.Depth.MaxRuns];
        T* tile = stackalloc T[mr * nr];
        int paddedLines = ImplicitGemm.Ceiling(job.Lines, nr) * nr;
        for (int ic = start; ic < end; ic += job.Blocking.MC)
        {
            int icEnd = Math.Min(end, ic + job.Blocking.MC);
            for (int b = 0; b < job.Depth.Blocks; b++)
            {
                int p0 = job.Depth.Starts[b], kc = job.Depth.Starts[b + 1] - p0;
                T beta = b == 0 ? job.Beta : T.One;
                T* panel = job.PackedFilter + (nint)p0 * paddedLines;
                for (int jr = 0; jr < job.Lines; jr += nr)
                {
                    int columns = Math.Min(nr, job.Lines - jr);
                    T* sliver = panel + (nint)jr * kc;
                    for (int ir = ic; ir < icEnd; ir += mr)
                    {
                        int pieces = PointRows(ref job, ir, b, pointers, lengths);
                        T* c = job.C + (nint)ir * job.Ldc + jr;
                        int valid = Math.Min(mr, rows - ir);
                        if (valid == mr && columns == nr)
                        {
                            MicroKernel(pieces, lengths, pointers, sliver, c, job.Ldc, job.Alpha, beta, nr);
                            continue;
                        }
                        MicroKernel(pieces, lengths, pointers, sliver, tile, nr, T.One, T.Zero, nr);
                        GemmBlocked.MergeTile(valid, columns, tile, nr, c, job.Ldc, job.Alpha, beta);
                    }
                }
            }
        }
    }

    /// <summary>The row kernel for a tile of <paramref name="nr"/> columns: two vectors, or one where the filters are few.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel<T>(int pieces, int* lengths, T** rows, T* b, T* c, nint ldc, T alpha, T beta, int nr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (nr == Vector512<T>.Count)
            WindowRowsMicroKernel512.RunOneVector(pieces, lengths, rows, b, c, ldc, alpha, beta);
        else
            WindowRowsMicroKernel512.Run(pieces, lengths, rows, b, c, ldc, alpha, beta);
    }

    /// <summary>
    /// Where rows [ir, ir + MR) of the window lie over block <paramref name="block"/>, as the micro-kernel's
    /// pieces: each piece of the block once, a pointer per row into the source (or at zeros for a row past the
    /// last, or one that lies in the padding over all of it); but a piece that some row meets the padding in
    /// the middle of, run by run. Returns how many pieces it wrote.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PointRows<T>(ref ImplicitGemmJob<T> job, int ir, int block, T** pointers, int* lengths)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int mr = WindowRowsMicroKernel512.MR;
        var window = job.Window;
        int length = window.EntryLength, sums = window.Sums, valid = Math.Min(mr, window.FreeCount - ir);
        int* rows = stackalloc int[mr * length];
        window.Rows(ir, valid, rows);
        int written = 0;
        if (valid == mr && InsideBlock(rows, length, job.Depth.BlockMaxShifts + block * sums, sums))
        {
            // Most tiles lie far from the image's edges: every row reads every piece from the source.
            T* source = job.Source;
            T* r0 = source + rows[0], r1 = source + rows[length], r2 = source + rows[2 * length], r3 = source + rows[3 * length];
            T* r4 = source + rows[4 * length], r5 = source + rows[5 * length], r6 = source + rows[6 * length], r7 = source + rows[7 * length];
            for (int s = job.Depth.FirstPieces[block], last = job.Depth.FirstPieces[block + 1]; s < last; s++, pointers += mr)
            {
                int offset = window.DepthEntry(job.Depth.PieceStarts[s])[0];
                pointers[0] = r0 + offset;
                pointers[1] = r1 + offset;
                pointers[2] = r2 + offset;
                pointers[3] = r3 + offset;
                pointers[4] = r4 + offset;
                pointers[5] = r5 + offset;
                pointers[6] = r6 + offset;
                pointers[7] = r7 + offset;
                lengths[written++] = job.Depth.PieceLengths[s];
            }
            return written;
        }
        for (int s = job.Depth.FirstPieces[block]; s < job.Depth.FirstPieces[block + 1]; s++)
        {
            int* minShifts = job.Depth.PieceMinShifts + s * sums, maxShifts = job.Depth.PieceMaxShifts + s * sums;
            int* column = window.DepthEntry(job.Depth.PieceStarts[s]);
            bool split = false;
            for (int i = 0; i < valid && !split; i++)
                split = Reach(rows + i * length, minShifts, maxShifts, sums) == 0;
            if (!split)
            {
                for (int i = 0; i < mr; i++, pointers++)
                {
                    int* row = rows + i * length;
                    *pointers = i < valid && Reach(row, minShifts, maxShifts, sums) > 0 ? job.Source + row[0] + column[0] : job.Zeros;
                }
                lengths[written++] = job.Depth.PieceLengths[s];
                continue;
            }
            for (int r = job.Depth.FirstRuns[s]; r < job.Depth.FirstRuns[s + 1]; r++)
            {
                column = window.DepthEntry(job.Depth.RunStarts[r]);
                for (int i = 0; i < mr; i++, pointers++)
                {
                    int* row = rows + i * length;
                    *pointers = i < valid && WindowTables.Inside(row, column, sums) ? job.Source + row[0] + column[0] : job.Zeros;
                }
                lengths[written++] = job.Depth.RunLengths[r];
            }
        }
        return written;
    }

    /// <summary>Whether all MR rows lie inside the source over a whole block: their smallest limits exceed its largest shifts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InsideBlock(int* rows, int length, int* maxShifts, int sums)
    {
        for (int q = 0; q < sums; q++)
        {
            int limit = int.MaxValue;
            for (int i = 0; i < WindowRowsMicroKernel512.MR; i++)
                limit = Math.Min(limit, rows[i * length + 1 + q]);
            if (maxShifts[q] >= limit)
                return false;
        }
        return true;
    }

    /// <summary>
    /// Whether a row lies inside the source over a whole piece (1), in the padding over all of it (−1), or
    /// meets the padding somewhere within it (0), from the piece's range of shifts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Reach(int* row, int* minShifts, int* maxShifts, int sums)
    {
        bool inside = true;
        for (int q = 0; q < sums; q++)
        {
            if (minShifts[q] >= row[1 + q])
                return -1;
            inside &= maxShifts[q] < row[1 + q];
        }
        return inside ? 1 : 0;
    }
}
