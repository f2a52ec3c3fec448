using System.Numerics;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// A window term computed without its window: each run packs the filter (small: taps × channels × filters),
/// then runs <see cref="ImplicitGemm"/>, which reads the window from the source block by block as the GEMM
/// consumes it. The tables that describe the window are built once, with the kernel, and pinned only while
/// a run uses them.
/// </summary>
internal sealed unsafe class ImplicitGemmKernel<T> : IWindowKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ImplicitGemmLayout _layout;
    private readonly DepthBlocks _blocks;
    private readonly GemmBlocking _blocking;
    private readonly T[] _packedFilter;
    private readonly T[] _zeros;
    private readonly int _threads;

    public ImplicitGemmKernel(ImplicitGemmLayout layout, int threads)
    {
        _layout = layout;
        _threads = threads;
        _blocking = GemmBlocking.For<T>(layout.Role == WindowRole.Rows ? GemmIsa.Avx512 : GemmBlocking.DefaultIsa);
        // Filters that fit one vector (16 in float) take the one-vector row kernel, which wastes no lanes.
        if (layout.Role == WindowRole.Rows && layout.Lines <= Vector512<T>.Count)
            _blocking = _blocking with { NR = Vector512<T>.Count };
        _blocks = new DepthBlocks(layout.Window, _blocking.KC);
        // One cache line more than the packed filter, so that it can start on a cache line (aligned loads).
        _packedFilter = new T[layout.Window.DepthCount * RoundUp(layout.Lines, FilterWidth) + 64 / sizeof(T)];
        _zeros = new T[_blocking.KC];
    }

    public string Kind => "window+implicit-gemm";

    /// <summary>The filter's sliver width: NR when it is B (the window's rows are C's), MR when it is A.</summary>
    private int FilterWidth => _layout.Role == WindowRole.Rows ? _blocking.NR : _blocking.MR;

    public void Add(IOperandSource<T> operands, DenseTensor<T> values, bool overwrite)
    {
        var (source, filter, window, blocks) = (operands.Dense(_layout.Source), operands.Dense(_layout.Filter), _layout.Window, _blocks);
        fixed (T* from = source.Data, weights = filter.Data, into = values.Data, packedFilter = _packedFilter, zeros = _zeros)
        fixed (int* outer = window.Outer, inner = window.Inner, depth = window.Depth, batches = _layout.Batches)
        fixed (int* depthTables = blocks.Pinnable)
        {
            T* packed = (T*)(((nint)packedFilter + 63) & ~(nint)63);
            WindowPacking.PackFilter(weights, _layout.FilterLines, _layout.FilterDepth, blocks, FilterWidth, packed);
            var job = new ImplicitGemmJob<T>
            {
                Window = new WindowTables(outer, inner, depth, window.Sums, window.InnerCount, window.FreeCount),
                Source = from,
                PackedFilter = packed,
                C = into,
                Ldc = _layout.Ldc,
                Batches = batches,
                BatchCount = _layout.Batches.Length,
                BatchRows = _layout.BatchRows,
                Alpha = T.CreateTruncating(_layout.Scale),
                Beta = overwrite ? T.Zero : T.One,
                Lines = _layout.Lines,
                Depth = blocks.Tables(depthTables),
                Zeros = zeros,
                Blocking = _blocking,
            };
            ImplicitGemm.Run(ref job, _layout.Role, _threads);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
