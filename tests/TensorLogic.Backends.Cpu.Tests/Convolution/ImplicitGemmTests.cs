using System.Numerics;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Convolution;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Tests.Loops;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Reference;
using TensorLogic.Runtime.Values;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Convolution;

/// <summary>
/// Window terms computed by implicit GEMM (<see cref="ImplicitGemmKernel{T}"/>), cell by cell against the
/// reference evaluation of the same equation, in float and double, over many window shapes: 1-D to 3-D,
/// channels last and first, batches, odd sizes, filters with their axes in any order, shifts that reach past
/// the source, outputs smaller than the source, and sizes large enough to be split between threads. Each case
/// also names the role it must take, so that a change that silently sends it back to the gather is caught.
/// </summary>
public sealed class ImplicitGemmTests
{
    /// <summary>What each case must be computed by.</summary>
    public enum Expected
    {
        /// <summary>The window is A, its rows read in place (needs AVX-512; elsewhere the gather).</summary>
        Rows,

        /// <summary>The window is B, packed from the source.</summary>
        Columns,

        /// <summary>Not covered: the gathered window.</summary>
        Gather,
    }

    private static readonly Dictionary<string, (string Program, Expected Kernel)> Cases = new()
    {
        ["1-D, one channel"] = ($"""
            X = {Literal(1, 9)}
            W = {Literal(2, 3)}
            Y[x] = W[dx] X[x+dx]
            """, Expected.Columns),
        ["1-D, channels last"] = ($"""
            X = {Literal(3, 13, 9)}
            W = {Literal(4, 4, 9, 5)}
            Y[x, o] = W[dx, c, o] X[x+dx, c]
            """, Expected.Rows),
        ["2-D, channels last, 17 filters"] = ($"""
            Img = {Literal(5, 11, 7, 8)}
            W = {Literal(6, 3, 3, 8, 17)}
            F[x, y, o] = W[dx, dy, c, o] Img[x+dx, y+dy, c]
            """, Expected.Rows),
        ["2-D, channels last, 16 filters: one whole vector in float, two in double"] = ($"""
            Img = {Literal(38, 10, 9, 8)}
            W = {Literal(39, 3, 3, 8, 16)}
            F[x, y, o] = W[dx, dy, c, o] Img[x+dx, y+dy, c]
            """, Expected.Rows),
        ["2-D, three channels last (a first layer)"] = ($"""
            Img = {Literal(54, 9, 8, 3)}
            W = {Literal(55, 3, 3, 3, 10)}
            F[x, y, o] = W[dx, dy, c, o] Img[x+dx, y+dy, c]
            """, Expected.Rows),
        ["a tap row longer than a depth block, cut between taps"] = ($"""
            Img = {Literal(56, 4, 5, 130)}
            W = {Literal(57, 1, 3, 130, 3)}
            F[x, y, o] = W[dx, dy, c, o] Img[x+dx, y+dy, c]
            """, Expected.Rows),
        ["a tap longer than a depth block, cut within it"] = ($"""
            Img = {Literal(58, 3, 4, 300)}
            W = {Literal(59, 2, 2, 300, 3)}
            F[x, y, o] = W[dx, dy, c, o] Img[x+dx, y+dy, c]
            """, Expected.Rows),
        ["2-D, channels first"] = ($"""
            X = {Literal(7, 3, 9, 10)}
            K = {Literal(8, 6, 3, 3, 3)}
            Y[o, y, x] = K[o, c, dy, dx] X[c, y + dy, x + dx]
            """, Expected.Columns),
        ["2-D, channels first, a 2×4 filter over 37 columns"] = ($"""
            X = {Literal(9, 2, 5, 37)}
            K = {Literal(10, 3, 2, 2, 4)}
            Y[o, y, x] = K[o, c, dy, dx] X[c, y + dy, x + dx]
            """, Expected.Columns),
        ["batch, channels last"] = ($"""
            Img = {Literal(11, 3, 6, 5, 16)}
            W = {Literal(12, 3, 3, 16, 8)}
            Y[n, x, y, o] = W[dx, dy, c, o] Img[n, x+dx, y+dy, c]
            """, Expected.Rows),
        ["batch, channels first"] = ($"""
            X = {Literal(13, 2, 3, 7, 6)}
            K = {Literal(14, 5, 3, 3, 3)}
            Y[n, o, y, x] = K[o, c, dy, dx] X[n, c, y + dy, x + dx]
            """, Expected.Columns),
        ["3-D, channels last"] = ($"""
            V = {Literal(15, 5, 4, 6, 8)}
            W = {Literal(16, 2, 3, 2, 8, 3)}
            Y[x, y, z, o] = W[dx, dy, dz, c, o] V[x+dx, y+dy, z+dz, c]
            """, Expected.Rows),
        ["filter axes in another order"] = ($"""
            Img = {Literal(17, 6, 5, 10)}
            W = {Literal(18, 4, 2, 10, 3)}
            F[x, y, o] = W[o, dy, c, dx] Img[x+dx, y+dy, c]
            """, Expected.Rows),
        ["a filter longer than the source"] = ($"""
            X = {Literal(19, 3)}
            W = {Literal(20, 5)}
            Y[x] = W[dx] X[x+dx]
            """, Expected.Columns),
        ["an output shorter than the source"] = ($"""
            X = {Literal(21, 7, 8)}
            W = {Literal(22, 3, 8, 2)}
            Y : real[4, 2]
            Y[x, o] = W[dx, c, o] X[x+dx, c]
            """, Expected.Rows),
        ["negated and scaled"] = ($"""
            X = {Literal(23, 9, 12)}
            W = {Literal(24, 2, 12, 4)}
            Y[x, o] = -0.5 W[dx, c, o] X[x+dx, c]
            """, Expected.Rows),
        ["an image whose rows are not whole slivers"] = ($"""
            X = {Literal(25, 4, 19, 45)}
            K = {Literal(26, 9, 4, 3, 3)}
            Y[o, y, x] = K[o, c, dy, dx] X[c, y + dy, x + dx]
            """, Expected.Columns),
        ["filters between two window indices"] = ($"""
            X = {Literal(27, 2, 6, 40)}
            K = {Literal(28, 3, 2, 2, 3)}
            Y[y, o, x] = K[o, c, dy, dx] X[c, y + dy, x + dx]
            """, Expected.Columns),
        ["channels first into channels last"] = ($"""
            X = {Literal(29, 3, 6, 7)}
            K = {Literal(30, 4, 3, 3, 3)}
            Y[y, x, o] = K[o, c, dy, dx] X[c, y + dy, x + dx]
            """, Expected.Gather),
        ["one filter per channel"] = ($"""
            X = {Literal(31, 6, 5, 4)}
            W = {Literal(32, 3, 3, 4)}
            Y[x, y, c] = W[dx, dy, c] X[x+dx, y+dy, c]
            """, Expected.Gather),
        ["split between threads, channels last"] = ($"""
            Img = {Literal(33, 34, 33, 16)}
            W = {Literal(34, 3, 3, 16, 20)}
            F[x, y, o] = W[dx, dy, c, o] Img[x+dx, y+dy, c]
            """, Expected.Rows),
        ["split between threads, channels first"] = ($"""
            X = {Literal(35, 8, 40, 37)}
            K = {Literal(36, 24, 8, 3, 3)}
            Y[o, y, x] = K[o, c, dy, dx] X[c, y + dy, x + dx]
            """, Expected.Columns),
        ["the source as its own filter"] = ($"""
            X = {Literal(37, 11)}
            Y : real[11]
            Y[x] = X[dx] X[x+dx]
            """, Expected.Columns),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Agrees_with_the_reference_in_double(string name) => Check<double>(name);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Agrees_with_the_reference_in_float(string name) => Check<float>(name);

    [Fact]
    public void A_one_dimensional_window_reads_zeros_past_the_end()
    {
        // Y[x] = 1·X[x] + 10·X[x+1]: the last cell has no X[4].
        var program = Compile("""
            X = [1, 2, 3, 4]
            W = [1, 10]
            Y[x] = W[dx] X[x+dx]
            """);
        Assert.Equal([21.0, 32.0, 43.0, 4.0], Run<double>(program, "Y", Expected.Columns));
        Assert.Equal([21f, 32f, 43f, 4f], Run<float>(program, "Y", Expected.Columns));
    }

    [Fact]
    public void A_two_by_two_filter_of_ones_counts_the_taps_inside_the_image()
    {
        // Eight channels of ones under a 2×2 filter of ones: 4 taps inside (32), 2 on the last row or column
        // (16), 1 in the corner (8), for both filters.
        var program = Compile("""
            Img : real[3, 3, 8]
            W : real[2, 2, 8, 2]
            Img[x, y, c] = 1
            W[dx, dy, c, o] = 1
            F[x, y, o] = W[dx, dy, c, o] Img[x+dx, y+dy, c]
            """);
        double[] expected = [32, 32, 32, 32, 16, 16, 32, 32, 32, 32, 16, 16, 16, 16, 16, 16, 8, 8];
        Assert.Equal(expected, Run<double>(program, "F", Expected.Rows));
        Assert.Equal(expected.Select(v => (float)v), Run<float>(program, "F", Expected.Rows));
    }

    private static void Check<T>(string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (text, expectedKernel) = Cases[name];
        var program = Compile(text);
        var equation = program.EquationsOf(Target(program)).Single();
        var window = Assert.IsType<WindowTerm>(Assert.Single(equation.Terms));
        var layout = ImplicitGemmLayout.TryCreate(window, out var whyNot);
        Assert.Equal(Kernel(expectedKernel), layout?.Role.ToString() ?? "Gather");
        if (layout is null)
        {
            Assert.NotEmpty(whyNot);
            Assert.IsType<GatheredWindowKernel<T>>(WindowKernels.For<T>(window, threads: 0));
            return;
        }
        var operands = new TestOperands<T>(program, equation);
        var expected = EquationEvaluator.Evaluate(equation, operands).ToDictionary(c => Offset(equation.Target.Shape, c.Cell), c => c.Value);
        var kernel = new ImplicitGemmKernel<T>(layout, threads: 0);
        // Added to what the values hold (here 1), or written over them unread (here NaN, which any read would spread).
        foreach (var (overwrite, before) in new[] { (false, 1.0), (true, double.NaN) })
        {
            var values = new DenseTensor<T>(equation.Target.Shape);
            values.Data.AsSpan().Fill(T.CreateTruncating(before));
            kernel.Add(operands, values, overwrite);
            // A float sum of many products errs by about one rounding per term: the bound grows with the depth.
            var tolerance = typeof(T) == typeof(float) ? 1e-6 * layout.Window.DepthCount : 1e-12;
            for (var i = 0; i < values.Length; i++)
            {
                var want = expected.GetValueOrDefault(i) + (overwrite ? 0 : before);
                var got = double.CreateTruncating(values.Data[i]);
                Assert.True(Math.Abs(want - got) <= tolerance * Math.Max(1, Math.Abs(want)),
                    $"{name}, {(overwrite ? "overwriting" : "adding")}: cell {i}: expected {want:R}, got {got:R}");
            }
        }
    }

    /// <summary>The role a case takes on this machine: rows need the AVX-512 micro-kernel.</summary>
    private static string Kernel(Expected expected) =>
        expected == Expected.Rows && !Vector512.IsHardwareAccelerated ? "Gather" : expected.ToString();

    /// <summary>The tensor the last equation computes.</summary>
    private static string Target(BoundProgram program) =>
        program.Strata.SelectMany(s => s.Equations).Last().Target.Tensor.Name;

    private static T[] Run<T>(BoundProgram program, string target, Expected expectedKernel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var equation = program.EquationsOf(target).Single();
        var window = Assert.IsType<WindowTerm>(Assert.Single(equation.Terms));
        var values = new DenseTensor<T>(equation.Target.Shape);
        var kernel = WindowKernels.For<T>(window, threads: 0);
        Assert.Equal(Kernel(expectedKernel) == "Gather", kernel is GatheredWindowKernel<T>);
        kernel.Add(new WithWindows<T>(new TestOperands<T>(program, equation)), values, overwrite: false);
        return values.Data;
    }

    /// <summary>The test's tensors, plus a buffer for each window a gathering kernel fills (the runner's job in a session).</summary>
    private sealed class WithWindows<T>(TestOperands<T> operands) : IOperandSource<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Dictionary<TensorSymbol, DenseTensor<T>> _windows = [];

        public DenseTensor<T> Dense(TensorSymbol tensor) => !tensor.IsSynthesized ? operands.Dense(tensor)
            : _windows.TryGetValue(tensor, out var window) ? window : _windows[tensor] = new DenseTensor<T>(tensor.Shape);

        public Relation Relation(TensorSymbol tensor) => operands.Relation(tensor);
    }

    private static int Offset(IReadOnlyList<int> shape, int[] cell)
    {
        var offset = 0;
        for (var a = 0; a < shape.Count; a++)
            offset = offset * shape[a] + cell[a];
        return offset;
    }
}
