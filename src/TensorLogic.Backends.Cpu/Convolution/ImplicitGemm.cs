using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// One implicit GEMM, <c>C += alpha · window · filter</c>, described by pointers so that its parts can run on
/// the GEMM worker threads (<see cref="GemmThreads"/>). The filter is already packed, block by block of depth;
/// the window is read from the source by the parts themselves.
/// </summary>
internal unsafe struct ImplicitGemmJob<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public WindowTables Window;
    public T* Source;
    public T* PackedFilter;
    public T* C;
    public int Ldc;

    /// <summary>Where each batch item's C starts; item b is the window's rows [b · BatchRows, (b + 1) · BatchRows).</summary>
    public int* Batches;
    public int BatchCount;
    public int BatchRows;
    public T Alpha;

    /// <summary>The other side of C: the filter's output values (filters).</summary>
    public int Lines;

    public int Blocks;
    public int MaxPieces;
    public int* BlockStarts;
    public int* FirstPieces;
    public int* PieceStarts;
    public int* PieceLengths;

    /// <summary>Where a window row lies wholly in the padding: at least as many zeros as the longest piece.</summary>
    public T* Zeros;

    public GemmBlocking Blocking;
    public int Parts;
}

/// <summary>
/// The GotoBLAS loop nest of <see cref="GemmBlocked"/> with the window as one operand, for both roles of
/// <see cref="WindowRole"/>. The window's rows (pixels) are split between threads in whole micro-tiles; each
/// part then walks blocks of rows, blocks of depth and micro-tiles as the blocked GEMM does.
/// </summary>
internal static unsafe class ImplicitGemm
{
    /// <summary>
    /// Pixels per packed window panel when the window is B: 256 × 256 floats is a quarter of L2, so the panel
    /// packed from the source is still there when the micro-kernels read it back.
    /// </summary>
    private const int PanelColumns = 256;

    public static void Run<T>(ref ImplicitGemmJob<T> job, WindowRole role, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int unit = role == WindowRole.Rows ? job.Blocking.MR : job.Blocking.NR;
        long work = (long)job.Window.FreeCount * job.Lines * job.BlockStarts[job.Blocks];
        job.Parts = Math.Min(GemmDriver.ThreadCount(threads, work), job.BatchCount * Ceiling(job.BatchRows, unit));
        fixed (ImplicitGemmJob<T>* context = &job)
        {
            if (role == WindowRole.Rows)
                GemmThreads.Run(job.Parts, &RunRows<T>, context);
            else
                GemmThreads.Run(job.Parts, &RunColumns<T>, context);
        }
    }

    /// <summary>
    /// The window as A (<c>F[x, y, o]</c>): rows block by block, depth block by block, then for each sliver of
    /// the packed filter every micro-tile of the row block, its rows read in place by
    /// <see cref="WindowRowsMicroKernel512"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRows<T>(void* context, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref ImplicitGemmJob<T> job = ref *(ImplicitGemmJob<T>*)context;
        const int mr = WindowRowsMicroKernel512.MR;
        int nr = job.Blocking.NR, rows = job.Window.FreeCount;
        var (start, end) = Share(Ceiling(rows, mr), job.Parts, part);
        (start, end) = (Math.Min(start * mr, rows), Math.Min(end * mr, rows));
        T** pointers = stackalloc T*[job.MaxPieces * mr];
        T* tile = stackalloc T[mr * nr];
        int paddedLines = Ceiling(job.Lines, nr) * nr;
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

    /// <summary>
    /// The window as B (<c>Y[o, y, x]</c>): the parts share the batch items' slivers of NR rows; each packs its
    /// window panel by panel and block by block of depth from the source, and multiplies it by the packed filter
    /// with the blocked GEMM's own macro-kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunColumns<T>(void* context, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref ImplicitGemmJob<T> job = ref *(ImplicitGemmJob<T>*)context;
        int nr = job.Blocking.NR, perItem = Ceiling(job.BatchRows, nr);
        var (start, end) = Share(job.BatchCount * perItem, job.Parts, part);
        int maxDepth = 0;
        for (int b = 0; b < job.Blocks; b++)
            maxDepth = Math.Max(maxDepth, job.BlockStarts[b + 1] - job.BlockStarts[b]);
        T* panel = GemmBuffers<T>.PackedB((nint)PanelColumns * maxDepth);
        T* tile = stackalloc T[job.Blocking.MR * nr];
        for (int item = start / perItem; item < job.BatchCount && item * perItem < end; item++)
        {
            int first = Math.Max(start - item * perItem, 0) * nr, last = Math.Min((end - item * perItem) * nr, job.BatchRows);
            MultiplyItem(ref job, item, first, last, panel, tile);
        }
    }

    /// <summary>Columns [first, last) of batch item <paramref name="item"/>'s C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyItem<T>(ref ImplicitGemmJob<T> job, int item, int first, int last, T* panel, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var blocking = job.Blocking;
        int paddedLines = Ceiling(job.Lines, blocking.MR) * blocking.MR;
        int itemRow = item * job.BatchRows;
        T* c = job.C + job.Batches[item];
        for (int jc = first; jc < last; jc += PanelColumns)
        {
            int nc = Math.Min(PanelColumns, last - jc);
            for (int b = 0; b < job.Blocks; b++)
            {
                int p0 = job.BlockStarts[b], kc = job.BlockStarts[b + 1] - p0;
                WindowPacking.PackWindowPanel(job.Window, job.Source, p0, kc, itemRow + jc, nc, panel, blocking.NR);
                T* filter = job.PackedFilter + (nint)p0 * paddedLines;
                for (int ic = 0; ic < job.Lines; ic += blocking.MC)
                {
                    int mc = Math.Min(blocking.MC, job.Lines - ic);
                    GemmBlocked.MacroKernel(blocking, mc, nc, kc, filter + (nint)ic * kc, panel,
                        c + (nint)ic * job.Ldc + jc, job.Ldc, job.Alpha, T.One, tile);
                }
            }
        }
    }

    /// <summary>Part <paramref name="part"/>'s contiguous share [start, end) of <paramref name="count"/> units.</summary>
    private static (int Start, int End) Share(int count, int parts, int part) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    private static int Ceiling(int value, int step) => (value + step - 1) / step;
}
