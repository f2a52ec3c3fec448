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
/// Programs over random literal tensors run on gpu-cpu with every decline an error, and the brute-force
/// sums they are checked against.
/// </summary>
public static class GpuPrograms
{
    /// <summary>Values in [-1, 1] with three decimals, so that the literal is exact.</summary>
    public static Grid Random(int[] shape, int seed)
    {
        var random = new Random(seed);
        return new Grid(shape, [.. Cells(shape).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 3))]);
    }

    /// <summary>A row-major array read by cell.</summary>
    public sealed record Grid(int[] Shape, double[] Values)
    {
        public double this[params int[] cell] => Values[cell.Select((c, a) => (c, a)).Aggregate(0, (offset, x) => offset * Shape[x.a] + x.c)];
    }

    public static IEnumerable<int[]> Cells(int[] shape)
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

    public static double Sum(int size, Func<int, double> term) => Enumerable.Range(0, size).Sum(term);

    public static double[] Brute(int[] shape, Func<int[], double> value) => [.. Cells(shape).Select(value)];

    public static string Literal(Grid grid)
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
    public static double[] Evaluate(string program, string tensor, out string kinds, bool strict = true)
    {
        var compiled = Compilation.Compile([new SourceText(program, "test.tl")], new DataFileReader());
        Assert.NotNull(compiled.Bound);
        using var session = new Session(compiled.Bound, new GpuEngine(GpuBackend.Cpu), new EvaluationOptions { StrictEngine = strict });
        var symbol = compiled.Bound.Tensors.Single(t => t.Name == tensor);
        var value = session.Evaluate(symbol).ToDouble().Data.ToArray();
        kinds = string.Join(", ", session.Profile.Select(p => p.Kernel));
        return value;
    }

    public static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
