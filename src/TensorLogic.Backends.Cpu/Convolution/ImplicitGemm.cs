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

    /// <summary>What C is multiplied by before the first depth block adds to it: 1, or 0 to overwrite it unread.</summary>
    public T Beta;

    /// <summary>The other side of C: the filter's output values (filters).</summary>
    public int Lines;

    /// <summary>The depth's blocks, pieces and runs.</summary>
    public DepthTables Depth;

    /// <summary>Where a window row lies wholly in the padding: at least as many zeros as the longest piece.</summary>
    public T* Zeros;

    public GemmBlocking Blocking;
    public int Parts;
}

/// <summary>
/// Runs an implicit GEMM on up to <c>threads</c> cores: the window's rows (pixels) are split between the parts
/// in whole micro-tiles, and each part runs the loop nest of its role, <see cref="ImplicitGemmRows"/> or
/// <see cref="ImplicitGemmColumns"/>, on its share.
/// </summary>
internal static unsafe class ImplicitGemm
{
    public static void Run<T>(ref ImplicitGemmJob<T> job, WindowRole role, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int unit = role == WindowRole.Rows ? job.Blocking.MR : job.Blocking.NR;
        long work = (long)job.Window.FreeCount * job.Lines * job.Depth.Starts[job.Depth.Blocks];
        job.Parts = Math.Min(GemmDriver.ThreadCount(threads, work), job.BatchCount * Ceiling(job.BatchRows, unit));
        fixed (ImplicitGemmJob<T>* context = &job)
        {
            if (role == WindowRole.Rows)
                GemmThreads.Run(job.Parts, &ImplicitGemmRows.Run<T>, context);
            else
                GemmThreads.Run(job.Parts, &ImplicitGemmColumns.Run<T>, context);
        }
    }

    /// <summary>Part <paramref name="part"/>'s contiguous share [start, end) of <paramref name="count"/> units.</summary>
    public static (int Start, int End) Share(int count, int parts, int part) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    public static int Ceiling(int value, int step) => (value + step - 1) / step;
}
