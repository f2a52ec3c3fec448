using System.Globalization;
using System.Text;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Execution;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>
/// Contractions on the GPU kernels (CPU accelerator) against sums computed here by brute force: sizes that
/// are not multiples of the tile, transposed operands, index groups of several axes, batches.
/// </summary>
public class ContractionKernelTests
{
    [Fact]
    public void Batched_matmul_with_sizes_off_the_tile()
    {
        var a = Random([3, 17, 19], seed: 1);
        var b = Random([3, 19, 23], seed: 2);
        var c = Evaluate($"A = {Literal(a)}\nB = {Literal(b)}\nC[n, i, k] = A[n, i, j] B[n, j, k]\nC?", "C", out var kinds);
        Assert.Contains("gemm", kinds);
        AssertClose(Brute([3, 17, 23], x => Sum(19, j => a[x[0], x[1], j] * b[x[0], j, x[2]])), c);
    }

    [Fact]
    public void Transposed_operands_are_read_through_their_strides()
    {
        var a = Random([33, 17], seed: 3);
        var b = Random([29, 33], seed: 4);
        var c = Evaluate($"A = {Literal(a)}\nB = {Literal(b)}\nC[i, k] = A[j, i] B[k, j]\nC?", "C", out var kinds);
        Assert.Contains("gemm", kinds);
        AssertClose(Brute([17, 29], x => Sum(33, j => a[j, x[0]] * b[x[1], j])), c);
    }

    [Fact]
    public void Index_groups_of_several_axes()
    {
        var a = Random([5, 3, 7, 4], seed: 5);
        var b = Random([7, 4, 6], seed: 6);
        var c = Evaluate($"A = {Literal(a)}\nB = {Literal(b)}\nC[i, p, k] = A[i, p, j, q] B[j, q, k]\nC?", "C", out _);
        AssertClose(Brute([5, 3, 6], x => Sum(7, j => Sum(4, q => a[x[0], x[1], j, q] * b[j, q, x[2]]))), c);
    }

    [Fact]
    public void Three_operands_reduction_and_bias()
    {
        var a = Random([6, 5], seed: 7);
        var b = Random([5, 4], seed: 8);
        var d = Random([4, 3], seed: 9);
        var e = Random([3], seed: 10);
        var y = Evaluate($"A = {Literal(a)}\nB = {Literal(b)}\nD = {Literal(d)}\nE = {Literal(e)}\nY[i, l] = A[i, j] B[j, k] D[k, l] + E[l]\nY?", "Y", out _);
        AssertClose(Brute([6, 3], x => Sum(5, j => Sum(4, k => a[x[0], j] * b[j, k] * d[k, x[1]])) + e[x[1]]), y);
    }

    /// <summary>Values in [-1, 1] with three decimals, so that the literal is exact.</summary>
    private static Grid Random(int[] shape, int seed)
    {
        var random = new Random(seed);
        return new Grid(shape, [.. Cells(shape).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3))]);
    }

    /// <summary>A row-major array read by cell.</summary>
    private sealed record Grid(int[] Shape, double[] Values)
    {
        public double this[params int[] cell] => Values[cell.Select((c, a) => (c, a)).Aggregate(0, (offset, x) => offset * Shape[x.a] + x.c)];
    }

    private static IEnumerable<int[]> Cells(int[] shape)
    {
        var total = shape.Aggregate(1, (p, s) => p * s);
        for (var offset = 0; offset < total; offset++)
        {
            var cell = new int[shape.Length];
            var rest = offset;
            for (var a = shape.Length - 1; a >= 0; a--)
            {
                cell[a] = rest % shape[a];
                rest /= shape[a];
            }
            yield return cell;
        }
    }

    private static double Sum(int size, Func<int, double> term) => Enumerable.Range(0, size).Sum(term);

    private static double[] Brute(int[] shape, Func<int[], double> value) => [.. Cells(shape).Select(value)];

    private static string Literal(Grid grid)
    {
        var text = new StringBuilder();
        void Write(int axis, int[] prefix)
        {
            text.Append('[');
            for (var i = 0; i < grid.Shape[axis]; i++)
            {
                if (i > 0)
                    text.Append(", ");
                int[] cell = [.. prefix, i];
                if (axis == grid.Shape.Length - 1)
                    text.Append(grid[cell].ToString("R", CultureInfo.InvariantCulture));
                else
                    Write(axis + 1, cell);
            }
            text.Append(']');
        }
        Write(0, []);
        return text.ToString();
    }

    /// <summary>The tensor's values computed on gpu-cpu, failing if the engine declined any equation.</summary>
    private static double[] Evaluate(string program, string tensor, out string kinds)
    {
        var compiled = Compilation.Compile([new SourceText(program, "test.tl")], new DataFileReader());
        Assert.NotNull(compiled.Bound);
        using var session = new Session(compiled.Bound, new GpuEngine(GpuBackend.Cpu), new EvaluationOptions { StrictEngine = true });
        var symbol = compiled.Bound.Tensors.Single(t => t.Name == tensor);
        var value = session.Evaluate(symbol).ToDouble().Data.ToArray();
        kinds = string.Join(", ", session.Profile.Select(p => p.Kernel));
        return value;
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
