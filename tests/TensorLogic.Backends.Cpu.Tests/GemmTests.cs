using System.Numerics;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;

namespace TensorLogic.Backends.Cpu.Tests;

/// <summary>
/// Differential tests of <see cref="Gemm"/> against a naive triple loop evaluated in double precision, over
/// shapes that hit every edge of the blocking (1, primes, one past a tile or block), operand layouts that the
/// packing must absorb, alpha/beta variants, batching and threading.
/// </summary>
public sealed unsafe class GemmTests
{
    /// <summary>How an operand is laid out in memory; every layout is tested through the same strides API.</summary>
    public enum Layout
    {
        /// <summary>Row stride = columns, column stride = 1.</summary>
        RowMajor,

        /// <summary>The transpose of a row-major matrix: row stride = 1, column stride = rows.</summary>
        ColumnMajor,

        /// <summary>Every other element of a wider padded row: row stride = 2·columns + 3, column stride = 2.</summary>
        Gapped,

        /// <summary>Rows in reverse order: a negative row stride.</summary>
        Reversed,
    }

    /// <summary>Every ISA this machine can run; the AVX2 kernel runs everywhere (in software where it must).</summary>
    private static GemmIsa[] Isas() =>
        Vector512.IsHardwareAccelerated ? [GemmIsa.Avx2, GemmIsa.Avx512] : [GemmIsa.Avx2];

    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 7, 13, 17 }, { 33, 65, 129 }, { 1, 300, 70 }, { 300, 1, 70 }, { 1, 1, 500 },
        { 40, 50, 1 }, { 64, 64, 64 }, { 65, 63, 64 }, { 8, 32, 300 }, { 9, 33, 257 }, { 200, 97, 3 },
        { 37, 3, 45 }, { 5, 2, 1000 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float_matches_reference_on_every_path(int m, int n, int k) =>
        Check<float>(m, n, k, Layout.RowMajor, Layout.RowMajor, 1, 0, EveryPath());

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Double_matches_reference_on_every_path(int m, int n, int k) =>
        Check<double>(m, n, k, Layout.RowMajor, Layout.RowMajor, 1, 0, EveryPath());

    [Fact]
    public void Large_prime_shape_matches_reference()
    {
        Check<float>(257, 511, 300, Layout.RowMajor, Layout.RowMajor, 1, 0, Isas().Select(isa => new Run(isa, Path.Dispatch, 2)));
        Check<double>(257, 511, 300, Layout.ColumnMajor, Layout.RowMajor, 0.5, 2, [new Run(GemmBlocking.DefaultIsa, Path.Dispatch, 2)]);
    }

    [Fact]
    public void Deep_product_crosses_several_depth_blocks()
    {
        var blocked = Isas().Select(isa => new Run(isa, Path.Blocked)).ToArray();
        // k = 700 spans three KC blocks, so beta must apply once and later blocks must accumulate.
        Check<float>(20, 70, 700, Layout.RowMajor, Layout.RowMajor, 1.5, -1, blocked);
        Check<double>(20, 70, 700, Layout.RowMajor, Layout.ColumnMajor, 1.5, -1, blocked);
    }

    [Fact]
    public void Tall_product_crosses_several_row_blocks()
    {
        var blocked = Isas().Select(isa => new Run(isa, Path.Blocked)).ToArray();
        // m = 420 spans three MC blocks of float and five of double, with a ragged last micro-tile.
        Check<float>(420, 40, 30, Layout.Gapped, Layout.RowMajor, 1, 0.5, blocked);
        Check<double>(420, 40, 30, Layout.RowMajor, Layout.Reversed, 1, 0.5, blocked);
    }

    [Fact]
    public void Wide_product_crosses_several_column_blocks()
    {
        // n = 4200 spans three NC panels of B.
        Check<float>(9, 4200, 20, Layout.RowMajor, Layout.RowMajor, 1, 1, Isas().Select(isa => new Run(isa, Path.Blocked)));
    }

    [Fact]
    public void Strided_and_transposed_operands_match_reference()
    {
        foreach (Layout aLayout in Enum.GetValues<Layout>())
            foreach (Layout bLayout in Enum.GetValues<Layout>())
            {
                Check<float>(37, 45, 53, aLayout, bLayout, 1, 0, EveryPath());
                Check<double>(37, 45, 53, aLayout, bLayout, 1, 0, EveryPath());
            }
    }

    [Fact]
    public void Packing_of_several_whole_slivers_matches_reference_in_every_layout()
    {
        // n = 100 is three whole B slivers dealt out row by row plus a ragged one; k = 300 crosses a depth block
        // and leaves steps over a multiple of 8 for the 8 × 8 transposes of a row-major A or column-major B.
        var blocked = Isas().Select(isa => new Run(isa, Path.Blocked)).ToArray();
        foreach (Layout aLayout in Enum.GetValues<Layout>())
            foreach (Layout bLayout in Enum.GetValues<Layout>())
                Check<float>(70, 100, 300, aLayout, bLayout, 1, 0.5, blocked);
        Check<double>(70, 100, 300, Layout.RowMajor, Layout.RowMajor, 1, 0.5, blocked);
    }

    [Fact]
    public void Small_products_with_any_b_layout_match_reference()
    {
        // B's columns strided (column-major, gapped) or its rows reversed: B is copied to the stack and the
        // unpacked kernel runs; planner-pqrs's t0[pjk, l] D[s, l] is the 1000 × 10 × 10 case.
        foreach (Layout bLayout in Enum.GetValues<Layout>())
        {
            foreach (var (m, n, k) in new[] { (10, 10, 10), (1000, 10, 10), (7, 13, 17), (37, 3, 45), (2, 40, 51) })
            {
                Check<float>(m, n, k, Layout.RowMajor, bLayout, 1, 0, EveryPath());
                Check<double>(m, n, k, Layout.Gapped, bLayout, 1.5, 0.5, EveryPath());
            }
        }
    }

    [Fact]
    public void Packed_b_path_takes_small_strided_products_only()
    {
        // The unpacked kernels need AVX-512; elsewhere every product goes to the blocked path.
        var unpacked = GemmSmall.Supports(16, 1, 16, 1);
        Assert.Equal(unpacked, Takes(1000, 10, 10, bColStride: 10));
        Assert.Equal(unpacked, Takes(7, 13, 17, bColStride: 17));
        Assert.False(Takes(37, 45, 53, bColStride: 53)); // 45 · 53 elements of B: more than the stack copy holds
        Assert.False(Takes(100, 100, 100, bColStride: 100)); // as much work as the blocked path repays

        static bool Takes(int m, int n, int k, nint bColStride)
        {
            var problem = Gemm.Problem<float>(m, n, k, null, k, 1, null, 1, bColStride, null, n, 1, 0);
            return GemmDriver.UseSmallKernelOnPackedB(problem);
        }
    }

    [Fact]
    public void Vector_matrix_products_match_reference_in_every_layout()
    {
        // x · B and A · x take the unpacked kernels at any size (x · Bᵀ by transposing the problem to Bᵀ · xᵀ).
        foreach (Layout layout in Enum.GetValues<Layout>())
        {
            Check<float>(1, 45, 300, Layout.RowMajor, layout, 2, 0.5, EveryPath());
            Check<double>(1, 45, 300, layout, layout, 1, 0, EveryPath());
            Check<float>(45, 1, 300, layout, Layout.RowMajor, 2, 0.5, EveryPath());
        }
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.5, 0.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(-0.5, 0.75)]
    [InlineData(0.0, 2.0)]
    [InlineData(0.0, 0.0)]
    public void Alpha_and_beta_variants_match_reference(double alpha, double beta)
    {
        Check<float>(41, 67, 29, Layout.RowMajor, Layout.RowMajor, alpha, beta, EveryPath());
        Check<double>(41, 67, 29, Layout.ColumnMajor, Layout.Gapped, alpha, beta, EveryPath());
    }

    [Fact]
    public void Empty_depth_scales_c_by_beta()
    {
        Check<float>(5, 6, 0, Layout.RowMajor, Layout.RowMajor, 1, 3, [new Run(GemmBlocking.DefaultIsa, Path.Dispatch)]);
        Check<double>(5, 6, 0, Layout.RowMajor, Layout.RowMajor, 1, 0, [new Run(GemmBlocking.DefaultIsa, Path.Dispatch)]);
    }

    [Fact]
    public void Empty_result_touches_nothing()
    {
        float value = float.NaN;
        Gemm.Multiply(0, 5, 5, null, 5, 1, null, 5, 1, &value, 5, 1f, 0f);
        Gemm.Multiply(5, 0, 5, null, 5, 1, null, 5, 1, &value, 5, 1f, 0f);
        Assert.True(float.IsNaN(value));
    }

    [Fact]
    public void Thread_count_does_not_change_the_result()
    {
        var a = Operand<float>.Create(300, 257, Layout.RowMajor, seed: 1);
        var b = Operand<float>.Create(257, 200, Layout.ColumnMajor, seed: 2);
        float[] one = Run(1), two = Run(2), four = Run(4);
        Assert.Equal(one, two);
        Assert.Equal(one, four);

        float[] Run(int threads)
        {
            var c = new float[300 * 200];
            fixed (float* pa = a.Data, pb = b.Data, pc = c)
                Gemm.Multiply(300, 200, 257, pa + a.Offset, a.RowStride, a.ColStride,
                    pb + b.Offset, b.RowStride, b.ColStride, pc, 200, 1f, 0f, threads);
            return c;
        }
    }

    [Fact]
    public void Claimed_rows_matches_reference_across_blocks_and_parts()
    {
        foreach (int parts in new[] { 2, 3 })
        {
            var runs = Isas().Select(isa => new Run(isa, Path.ClaimedRows, parts)).ToArray();
            // k = 300 spans two depth blocks (beta once, then accumulate); m = 1000 many row blocks, the last ragged.
            Check<float>(1000, 520, 300, Layout.RowMajor, Layout.ColumnMajor, 1, 0.5, runs);
            Check<double>(333, 90, 600, Layout.Gapped, Layout.Reversed, -2, 0, runs);
            // n = 2060 spans two column panels of B, the second a single ragged sliver.
            Check<float>(2100, 2060, 3, Layout.ColumnMajor, Layout.RowMajor, 1, 1, runs);
            // Fewer rows than parts × blocks: blocks shrink to one micro-tile row.
            Check<float>(33, 7, 257, Layout.RowMajor, Layout.RowMajor, 1, 0, runs);
        }
    }

    [Fact]
    public void Claimed_rows_sums_every_element_as_the_serial_nest_does()
    {
        var a = Operand<float>.Create(700, 300, Layout.RowMajor, seed: 3);
        var b = Operand<float>.Create(300, 600, Layout.RowMajor, seed: 4);
        var blocking = GemmBlocking.For<float>(GemmBlocking.DefaultIsa);
        float[] serial = Run(problem => GemmDriver.RunBlocked(blocking, problem));
        Assert.Equal(serial, Run(problem => GemmClaimedRows.Run(blocking, problem, 2)));
        Assert.Equal(serial, Run(problem => GemmClaimedRows.Run(blocking, problem, 3)));

        float[] Run(Action<GemmProblem<float>> multiply)
        {
            var c = new float[700 * 600];
            fixed (float* pa = a.Data, pb = b.Data, pc = c)
                multiply(Gemm.Problem(700, 600, 300, pa + a.Offset, a.RowStride, a.ColStride,
                    pb + b.Offset, b.RowStride, b.ColStride, pc, 600, 1f, 0f));
            return c;
        }
    }

    [Theory]
    [InlineData(256, 2, 192, 8, 32)]   // at least four blocks per part
    [InlineData(1024, 2, 192, 8, 128)]
    [InlineData(2048, 2, 192, 8, 176)] // 12 blocks: MC bounds the count from below, rounded to the parts
    [InlineData(50, 3, 192, 8, 8)]     // never below one micro-tile
    [InlineData(100_000, 2, 192, 8, 192)]
    public void Claimed_rows_row_blocks_are_whole_tiles_within_mc(int m, int parts, int mc, int mr, int expected)
    {
        int rows = GemmClaimedRows.RowBlock(m, parts, mc, mr);
        Assert.Equal(expected, rows);
        Assert.True(rows % mr == 0 && rows <= mc);
    }

    [Theory]
    [InlineData("48K", 48 * 1024)]
    [InlineData("2048K", 2048 * 1024)]
    [InlineData("1M", 1024 * 1024)]
    [InlineData("512", 512)]
    [InlineData("", 0)]
    [InlineData("big", 0)]
    public void Cache_sizes_parse_as_sysfs_writes_them(string text, long bytes) =>
        Assert.Equal(bytes, GemmCaches.ParseSize(text));

    [Fact]
    public void Cache_sizes_come_from_sysfs_or_fall_back()
    {
        string folder = Directory.CreateTempSubdirectory("gemm-caches").FullName;
        try
        {
            Assert.Equal(GemmCaches.Fallback, GemmCaches.Read(System.IO.Path.Combine(folder, "missing")));
            Index("index0", "1", "Data", "32K");
            Index("index1", "1", "Instruction", "64K");
            Index("index2", "2", "Unified", "2048K");
            Index("index3", "3", "Unified", "266240K");
            Assert.Equal(new GemmCaches(32 * 1024, 2048 * 1024), GemmCaches.Read(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        void Index(string name, string level, string type, string size)
        {
            string index = Directory.CreateDirectory(System.IO.Path.Combine(folder, name)).FullName;
            File.WriteAllText(System.IO.Path.Combine(index, "level"), level + "\n");
            File.WriteAllText(System.IO.Path.Combine(index, "type"), type + "\n");
            File.WriteAllText(System.IO.Path.Combine(index, "size"), size + "\n");
        }
    }

    [Theory]
    [InlineData(48, 1024, 256, 192, 256, 96)]  // the Zen 5 the constants were tuned on: as they were
    [InlineData(48, 2048, 256, 384, 256, 192)] // the Xeon with a 2 MiB L2
    [InlineData(32, 1024, 160, 304, 160, 152)]
    [InlineData(1024, 65536, 512, 768, 512, 768)] // clamped
    public void Avx512_blocking_follows_the_caches(int l1KiB, int l2KiB, int floatKc, int floatMc, int doubleKc, int doubleMc)
    {
        var caches = new GemmCaches(l1KiB * 1024L, l2KiB * 1024L);
        var f = GemmBlocking.For<float>(GemmIsa.Avx512, caches);
        var d = GemmBlocking.For<double>(GemmIsa.Avx512, caches);
        Assert.Equal((floatKc, floatMc, 2048), (f.KC, f.MC, f.NC));
        Assert.Equal((doubleKc, doubleMc, 2048), (d.KC, d.MC, d.NC));
        Assert.Equal(0, f.MC % f.MR);
        Assert.Equal(0, d.MC % d.MR);
    }

    [Fact]
    public void Blocking_for_other_caches_matches_reference()
    {
        // KC = 160 and MC = 304 (32 KiB L1D): depth and row blocks end off the usual boundaries.
        var small = new GemmCaches(32 * 1024, 1024 * 1024);
        var runs = Isas().Where(isa => isa == GemmIsa.Avx512)
            .SelectMany(isa => new[] { new Run(isa, Path.Blocked, 1, small), new Run(isa, Path.ClaimedRows, 2, small) })
            .ToArray();
        Check<float>(700, 90, 333, Layout.RowMajor, Layout.RowMajor, 1, 0.5, runs);
        Check<double>(330, 70, 170, Layout.ColumnMajor, Layout.Gapped, 2, 0, runs);
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(200, 2)]
    [InlineData(30, 1)]
    public void Steady_state_multiply_allocates_nothing_on_the_caller(int size, int threads)
    {
        var a = new float[size * size];
        var b = new float[size * size];
        var c = new float[size * size];
        fixed (float* pa = a, pb = b, pc = c)
        {
            // Packing buffers grow to fit the largest part a thread has run. Which thread runs which part of a
            // parallel call is decided at run time, so warm up with the caller running the whole product.
            Gemm.Multiply(size, size, size, pa, size, 1, pb, 1, size, pc, size, 1f, 0f, threads: 1);
            Gemm.Multiply(size, size, size, pa, size, 1, pb, 1, size, pc, size, 1f, 0f, threads);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Gemm.Multiply(size, size, size, pa, size, 1, pb, 1, size, pc, size, 1f, 0f, threads);
            Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        }
    }

    [Fact]
    public void Concurrent_callers_get_correct_results()
    {
        Parallel.For(0, 4, i => Check<float>(150 + i, 160, 170, Layout.RowMajor, Layout.RowMajor, 1, 0,
            [new Run(GemmBlocking.DefaultIsa, Path.Dispatch, Threads: 2)], seed: i));
        // Tall products take claimed row blocks; a caller that finds the workers busy runs every part itself, and
        // the later parts must walk through the finished steps without waiting for anything.
        Parallel.For(0, 4, i => Check<float>(300 + i, 160, 600, Layout.RowMajor, Layout.RowMajor, 1, 0,
            [new Run(GemmBlocking.DefaultIsa, Path.Dispatch, Threads: 2)], seed: i));
    }

    [Theory]
    [InlineData(3, 5, 7, 9, 1)]
    [InlineData(4, 70, 80, 90, 2)]
    [InlineData(3, 130, 140, 150, 2)]
    [InlineData(1, 130, 140, 150, 2)]
    public void Batched_matches_reference_per_item(int batch, int m, int n, int k, int threads)
    {
        CheckBatched<float>(batch, m, n, k, broadcastB: false, threads);
        CheckBatched<double>(batch, m, n, k, broadcastB: true, threads);
    }

    /// <summary>Which entry computes the product: the public dispatch, or one internal path forced directly.</summary>
    public enum Path
    {
        Dispatch,
        Blocked,
        Small,

        /// <summary>The unpacked kernel after copying a small B to unit column stride.</summary>
        SmallPackedB,

        /// <summary>The blocked nest with row blocks claimed by <see cref="Run.Threads"/> parts.</summary>
        ClaimedRows,
    }

    /// <summary>One way of computing a product: micro-kernel ISA, entry path and thread count.</summary>
    private sealed record Run(GemmIsa Isa, Path Path, int Threads = 1, GemmCaches? Caches = null)
    {
        public GemmBlocking Blocking<T>()
            where T : unmanaged =>
            Caches is { } caches ? GemmBlocking.For<T>(Isa, caches) : GemmBlocking.For<T>(Isa);
    }

    /// <summary>Every ISA on every path, single-threaded.</summary>
    private static IEnumerable<Run> EveryPath() =>
        from isa in Isas() from path in Enum.GetValues<Path>() select new Run(isa, path);

    /// <summary>Computes the reference once, then checks each of <paramref name="runs"/> on a fresh copy of C.</summary>
    private static void Check<T>(int m, int n, int k, Layout aLayout, Layout bLayout, double alpha, double beta,
        IEnumerable<Run> runs, int seed = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Operand<T>.Create(m, k, aLayout, seed: 10 + seed);
        var b = Operand<T>.Create(k, n, bLayout, seed: 20 + seed);
        var initial = Result<T>.Create(m, n, beta, seed: 30 + seed);
        var expected = Reference(a, b, initial, alpha, beta);
        foreach (var run in runs)
        {
            var c = initial with { Data = (T[])initial.Data.Clone() };
            if (Compute(a, b, c, alpha, beta, run))
                c.AssertClose(expected, $"{typeof(T).Name} {m}x{n}x{k} A={aLayout} B={bLayout} alpha={alpha} beta={beta} {run}");
        }
    }

    /// <summary>Runs one product; false when the forced path does not apply to it.</summary>
    private static bool Compute<T>(Operand<T> a, Operand<T> b, Result<T> c, double alpha, double beta, Run run)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = a.Rows, n = b.Cols, k = a.Cols;
        fixed (T* pa = a.Data, pb = b.Data, pc = c.Data)
        {
            var problem = Gemm.Problem(m, n, k, pa + a.Offset, a.RowStride, a.ColStride,
                pb + b.Offset, b.RowStride, b.ColStride, pc, c.RowStride, T.CreateChecked(alpha), T.CreateChecked(beta));
            if (run.Path == Path.Dispatch)
            {
                GemmDriver.Multiply(problem, run.Threads, run.Isa);
                return true;
            }
            if (m * n * k == 0 || alpha == 0)
                return false;
            if (run.Path == Path.Blocked)
            {
                GemmDriver.RunBlocked(run.Blocking<T>(), problem);
                return true;
            }
            if (run.Path == Path.ClaimedRows)
            {
                GemmClaimedRows.Run(run.Blocking<T>(), problem, run.Threads);
                return true;
            }
            problem.NormalizeUnusedStrides();
            if (run.Path == Path.SmallPackedB)
            {
                if (!GemmDriver.UseSmallKernelOnPackedB(problem))
                    return false;
                GemmDriver.RunSmallOnPackedB(problem);
                return true;
            }
            if (!GemmSmall.Supports(n, problem.AColStride, problem.BRowStride, problem.BColStride))
                return false;
            GemmDriver.RunSmall(problem);
            return true;
        }
    }

    private static void CheckBatched<T>(int batch, int m, int n, int k, bool broadcastB, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Enumerable.Range(0, batch).Select(t => Operand<T>.Create(m, k, Layout.RowMajor, seed: t)).ToArray();
        var b = Enumerable.Range(0, batch).Select(t => Operand<T>.Create(k, n, Layout.ColumnMajor, seed: broadcastB ? 99 : 50 + t)).ToArray();
        var c = Enumerable.Range(0, batch).Select(t => Result<T>.Create(m, n, beta: 0, seed: 0)).ToArray();
        var aAll = a.SelectMany(x => x.Data).ToArray();
        var bAll = (broadcastB ? b[..1] : b).SelectMany(x => x.Data).ToArray();
        var cAll = c.SelectMany(x => x.Data).ToArray();
        nint aItem = a[0].Data.Length, bItem = broadcastB ? 0 : b[0].Data.Length, cItem = c[0].Data.Length;

        fixed (T* pa = aAll, pb = bAll, pc = cAll)
        {
            var first = Gemm.Problem(m, n, k, pa, a[0].RowStride, a[0].ColStride, pb + b[0].Offset, b[0].RowStride,
                b[0].ColStride, pc, c[0].RowStride, T.CreateChecked(2.0), T.Zero);
            GemmDriver.MultiplyBatched(batch, first, aItem, bItem, cItem, threads, GemmBlocking.DefaultIsa);
        }

        for (int t = 0; t < batch; t++)
        {
            Array.Copy(cAll, t * cItem, c[t].Data, 0, cItem);
            c[t].AssertClose(Reference(a[t], b[t], c[t], 2, 0), $"batch item {t}");
        }
    }

    /// <summary>
    /// alpha · A · B + beta · C0 by the definition, in double, with the absolute sum of the terms of each element
    /// (the scale of its rounding error).
    /// </summary>
    private static Expected Reference<T>(Operand<T> a, Operand<T> b, Result<T> c, double alpha, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = a.Rows, n = b.Cols, k = a.Cols;
        double[] rowsOfA = a.ToDense(), columnsOfB = b.ToDenseTransposed();
        var value = new double[m * n];
        var scale = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, absSum = 0;
                for (int p = 0; p < k; p++)
                {
                    double term = rowsOfA[i * k + p] * columnsOfB[j * k + p];
                    sum += term;
                    absSum += Math.Abs(term);
                }
                double old = beta == 0 ? 0 : beta * c.Initial[i * n + j];
                value[i * n + j] = alpha * sum + old;
                scale[i * n + j] = Math.Abs(alpha) * absSum + Math.Abs(old);
            }
        return new Expected(value, scale, k);
    }

    /// <summary>The reference result and, per element, the absolute sum of its terms.</summary>
    private sealed record Expected(double[] Value, double[] Scale, int Depth);

    /// <summary>An input matrix stored in some layout inside a buffer whose unused slots hold NaN.</summary>
    private sealed record Operand<T>(int Rows, int Cols, T[] Data, int Offset, nint RowStride, nint ColStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public double this[int i, int j] => double.CreateChecked(Data[Offset + i * RowStride + j * ColStride]);

        public double[] ToDense()
        {
            var dense = new double[Rows * Cols];
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Cols; j++)
                    dense[i * Cols + j] = this[i, j];
            return dense;
        }

        public double[] ToDenseTransposed()
        {
            var dense = new double[Rows * Cols];
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Cols; j++)
                    dense[j * Rows + i] = this[i, j];
            return dense;
        }

        public static Operand<T> Create(int rows, int cols, Layout layout, int seed)
        {
            (int length, int offset, int rowStride, int colStride) = layout switch
            {
                Layout.RowMajor => (rows * cols, 0, cols, 1),
                Layout.ColumnMajor => (rows * cols, 0, 1, rows),
                Layout.Gapped => (rows * (2 * cols + 3), 0, 2 * cols + 3, 2),
                _ => (rows * cols, (rows - 1) * cols, -cols, 1),
            };
            var data = new T[Math.Max(length, 1)];
            Array.Fill(data, T.NaN);
            var random = new Random(seed);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    data[offset + i * rowStride + j * colStride] = T.CreateChecked(random.NextDouble() * 2 - 1);
            return new Operand<T>(rows, cols, data, offset, rowStride, colStride);
        }
    }

    /// <summary>
    /// The output matrix with two padding columns per row that must stay untouched; when beta = 0 its initial
    /// contents are NaN, which must not leak into the result.
    /// </summary>
    private sealed record Result<T>(int Rows, int Cols, T[] Data, double[] Initial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly T Sentinel = T.CreateChecked(-12345.0);

        public int RowStride => Cols + 2;

        public static Result<T> Create(int rows, int cols, double beta, int seed)
        {
            var data = new T[Math.Max(rows * (cols + 2), 1)];
            var initial = new double[rows * cols];
            Array.Fill(data, Sentinel);
            var random = new Random(seed);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                {
                    initial[i * cols + j] = beta == 0 ? double.NaN : random.NextDouble() * 2 - 1;
                    data[i * (cols + 2) + j] = T.CreateChecked(initial[i * cols + j]);
                }
            return new Result<T>(rows, cols, data, initial);
        }

        /// <summary>
        /// Checks every element against the reference within k rounding errors of the absolute sum of its terms
        /// (the classic bound for a recursive dot product), with a safety factor.
        /// </summary>
        public void AssertClose(Expected expected, string what)
        {
            double unit = typeof(T) == typeof(float) ? 1e-6 : 1e-14;
            for (int i = 0; i < Rows; i++)
            {
                for (int j = 0; j < Cols; j++)
                {
                    double actual = double.CreateChecked(Data[i * RowStride + j]);
                    double wanted = expected.Value[i * Cols + j];
                    double tolerance = unit * (expected.Depth + 2) * Math.Max(expected.Scale[i * Cols + j], 1e-30);
                    if (!(Math.Abs(actual - wanted) <= tolerance))
                        Assert.Fail($"{what}: C[{i},{j}] = {actual}, expected {wanted} ± {tolerance}");
                }
                Assert.True(Data[i * RowStride + Cols] == Sentinel && Data[i * RowStride + Cols + 1] == Sentinel,
                    $"{what}: padding after row {i} was written");
            }
        }
    }
}
