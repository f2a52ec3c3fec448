using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// The loop nest of implicit GEMM when the window is A (<see cref="WindowRole.Rows"/>): the blocked GEMM's,
/// with the window's rows read in place by <see cref="WindowRowsMicroKernel512"/> instead of packed.
/// </summary>
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
        T** pointers = stackalloc T*[job.MaxPieces * mr];
        T* tile = stackalloc T[mr * nr];
        int paddedLines = ImplicitGemm.Ceiling(job.Lines, nr) * nr;
        for (int ic = start; ic < end; ic += job.Blocking.MC)
        {
            int icEnd = Math.Min(end, ic + job.Blocking.MC);
            for (int b = 0; b < job.Blocks; b++)
            {
                int p0 = job.BlockStarts[b], kc = job.BlockStarts[b + 1] - p0;
                int firstPiece = job.FirstPieces[b], pieces = job.FirstPieces[b + 1] - firstPiece;
                T* panel = job.PackedFilter + (nint)p0 * paddedLines;
                for (int jr = 0; jr < job.Lines; jr += nr)
                {
                    int columns = Math.Min(nr, job.Lines - jr);
                    T* sliver = panel + (nint)jr * kc;
                    for (int ir = ic; ir < icEnd; ir += mr)
                    {
                        PointRows(ref job, ir, firstPiece, pieces, pointers);
                        T* c = job.C + (nint)ir * job.Ldc + jr;
                        int valid = Math.Min(mr, rows - ir);
                        if (valid == mr && columns == nr)
                        {
                            MicroKernel(pieces, job.PieceLengths + firstPiece, pointers, sliver, c, job.Ldc, job.Alpha, T.One, nr);
                            continue;
                        }
                        MicroKernel(pieces, job.PieceLengths + firstPiece, pointers, sliver, tile, nr, T.One, T.Zero, nr);
                        GemmBlocked.MergeTile(valid, columns, tile, nr, c, job.Ldc, job.Alpha, T.One);
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
    /// Where rows [ir, ir + MR) of the window lie over each piece of a depth block: in the source, or, for a
    /// row past the last or a piece in the padding, at zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PointRows<T>(ref ImplicitGemmJob<T> job, int ir, int firstPiece, int pieces, T** pointers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int mr = WindowRowsMicroKernel512.MR;
        var window = job.Window;
        int length = window.EntryLength, valid = Math.Min(mr, window.FreeCount - ir);
        int* rows = stackalloc int[mr * length];
        window.Rows(ir, valid, rows);
        for (int s = 0; s < pieces; s++)
        {
            int* column = window.DepthEntry(job.PieceStarts[firstPiece + s]);
            for (int i = 0; i < mr; i++, pointers++)
            {
                int* row = rows + i * length;
                *pointers = i < valid && WindowTables.Inside(row, column, window.Sums)
                    ? job.Source + row[0] + column[0]
                    : job.Zeros;
            }
        }
    }
}
