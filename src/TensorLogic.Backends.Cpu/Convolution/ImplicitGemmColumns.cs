using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// The loop nest of implicit GEMM when the window is B (<see cref="WindowRole.Columns"/>, <c>Y[o, y, x]</c>):
/// sliver by sliver of NR pixels, depth block by depth block, every micro-tile of filters. A sliver that lies
/// wholly inside the source for the block (all but the image's last columns and rows) is read in place by
/// <see cref="WindowColumnsMicroKernel512"/>; any other is packed from the source with its padding, then
/// multiplied by the blocked GEMM's micro-kernel. The C tiles of one sliver (filters × NR) stay in L1 across
/// the depth blocks, the packed filter in L2.
/// </summary>
internal static unsafe class ImplicitGemmColumns
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(void* context, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref ImplicitGemmJob<T> job = ref *(ImplicitGemmJob<T>*)context;
        int nr = job.Blocking.NR, perItem = ImplicitGemm.Ceiling(job.BatchRows, nr);
        var (start, end) = ImplicitGemm.Share(job.BatchCount * perItem, job.Parts, part);
        int maxDepth = 0;
        for (int b = 0; b < job.Depth.Blocks; b++)
            maxDepth = Math.Max(maxDepth, job.Depth.Starts[b + 1] - job.Depth.Starts[b]);
        T* packed = GemmBuffers<T>.PackedB((nint)maxDepth * nr);
        T* tile = stackalloc T[job.Blocking.MR * nr];
        int* rows = stackalloc int[nr * job.Window.EntryLength];
        for (int unit = start; unit < end; unit++)
        {
            int item = unit / perItem, first = (unit - item * perItem) * nr;
            MultiplySliver(ref job, item, first, rows, packed, tile);
        }
    }

    /// <summary>Columns [first, first + NR) of batch item <paramref name="item"/>'s C, fewer at the item's end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplySliver<T>(ref ImplicitGemmJob<T> job, int item, int first, int* rows, T* packed, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (window, blocking) = (job.Window, job.Blocking);
        int mr = blocking.MR, nr = blocking.NR, count = Math.Min(nr, job.BatchRows - first);
        int paddedLines = ImplicitGemm.Ceiling(job.Lines, mr) * mr;
        window.Rows(item * job.BatchRows + first, count, rows);
        uint shrinking = 0;
        bool isRun = count == nr && window.IsRun(rows, nr, out shrinking);
        bool inPlace = isRun && blocking.Isa == GemmIsa.Avx512;
        T* c = job.C + job.Batches[item] + first;
        for (int b = 0; b < job.Depth.Blocks; b++)
        {
            int p0 = job.Depth.Starts[b], kc = job.Depth.Starts[b + 1] - p0;
            T blockBeta = b == 0 ? job.Beta : T.One;
            bool direct = inPlace && Inside(rows, shrinking, job.Depth.BlockMaxShifts + b * window.Sums, window.Sums, nr);
            if (!direct)
                WindowPacking.PackWindowSliver(window, job.Source, p0, kc, rows, count, isRun, shrinking, packed, nr);
            T* filter = job.PackedFilter + (nint)p0 * paddedLines;
            for (int ic = 0; ic < job.Lines; ic += mr)
            {
                int lines = Math.Min(mr, job.Lines - ic);
                bool whole = lines == mr && count == nr;
                T* target = whole ? c + (nint)ic * job.Ldc : tile;
                nint ldt = whole ? job.Ldc : nr;
                T alpha = whole ? job.Alpha : T.One, beta = whole ? blockBeta : T.Zero;
                if (direct)
                    WindowColumnsMicroKernel512.Run(kc, filter + (nint)ic * kc, job.Source + rows[0], window.DepthEntry(p0), window.EntryLength,
                        target, ldt, alpha, beta);
                else
                    GemmBlocked.MicroKernel(blocking.Isa, kc, filter + (nint)ic * kc, packed, target, ldt, alpha, beta);
                if (!whole)
                    GemmBlocked.MergeTile(lines, count, tile, nr, c + (nint)ic * job.Ldc, job.Ldc, job.Alpha, blockBeta);
            }
        }
    }

    /// <summary>
    /// Whether a run of NR rows (its first entry at <paramref name="row"/>) sees no padding under the shifts up to
    /// <paramref name="maxShifts"/>: its last row still has room along a shrinking position, every row along the others.
    /// </summary>
    private static bool Inside(int* row, uint shrinking, int* maxShifts, int sums, int nr)
    {
        for (int q = 1; q <= sums; q++)
        {
            int room = row[q] - maxShifts[q - 1];
            if ((shrinking & (1u << q)) != 0 ? room < nr : room <= 0)
                return false;
        }
        return true;
    }
}
