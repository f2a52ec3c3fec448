namespace TensorLogic.Tlc.Tests;

/// <summary>
/// TL5010: the float32 engines warn, naming the equation, when a value overflows to infinity or NaN where
/// float64 stays finite; the float64 engines never do, and neither does a value float64 cannot hold either.
/// </summary>
public sealed class Float32OverflowTests : IDisposable
{
    // 1e20 squared is 1e40: beyond float32's 3.4e38, well within float64.
    private const string Squares = "X : real[3]\nX[i] = 1e20\nY[i] = X[i] X[i]\nS = Y[i] / 1e30\nS?\n";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>On gpu-cpu, Y stays in device memory: it is scanned there, the first time it is computed.</summary>
    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu-cpu")]
    public void An_overflow_in_an_equation_is_a_warning_at_that_equation(string engine)
    {
        var program = _folder.Write("squares.tl", Squares);

        var result = TlcRun.Invoke("run", program, "--engine", engine);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("S? Infinity\n", result.Stdout);
        Assert.Equal(
            $"{program}:3:1: warning TL5010: 'Y' at [0] is Infinity in float32, where float64 gives 1E+40: the computation overflowed float32\n" +
            " 3 | Y[i] = X[i] X[i]\n" +
            "   | ^~~~~~~~~~~~~~~~\n" +
            "  = help: run with --engine cpu-f64 for float64, or scale the values down\n" +
            "1 warning\n",
            result.Stderr);
    }

    [Theory]
    [InlineData("cpu-f64")]
    [InlineData("reference")]
    public void The_float64_engines_compute_it_without_a_warning(string engine)
    {
        var program = _folder.Write("squares.tl", Squares);

        var result = TlcRun.Invoke("run", program, "--engine", engine);

        Assert.Equal("", result.Stderr);
        Assert.Equal("S? 30000000000\n", result.Stdout);
    }

    [Fact]
    public void Data_beyond_the_float32_range_is_a_warning_at_the_tensor()
    {
        var program = _folder.Write("data.tl", "X = [1e300, 2, 3]\nY[i] = X[i] + 1\nY?\n");

        var result = TlcRun.Invoke("run", program, "--engine", "cpu");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"{program}:1:1: warning TL5010: 'X' at [0] is 1E+300, beyond float32's range: it is Infinity in float32\n", result.Stderr);
    }

    [Fact]
    public void Sparse_data_beyond_the_float32_range_is_found_among_its_entries()
    {
        // 3 entries of 41 × 41 cells: stored sparse, so only the entries are checked; the second is out of range.
        _folder.Write("cost.tsv", "0\t1\t5\n3\t7\t1e300\n2\t40\t1\n");
        var program = _folder.Write("sparse.tl", "Cost : real[Node, Node]\nCost = \"cost.tsv\"\nS = Cost[x, y] / 1e300\nS?\n");

        var result = TlcRun.Invoke("run", program, "--engine", "cpu");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"{program}:1:1: warning TL5010: 'Cost' at [3, 7] is 1E+300, beyond float32's range: it is Infinity in float32\n", result.Stderr);
    }

    [Fact]
    public void A_value_that_is_infinite_in_float64_too_is_the_programs_own()
    {
        var program = _folder.Write("log.tl", "X = [0, 1]\nY[i] = log(X[i])\nY?\n");

        var result = TlcRun.Invoke("run", program, "--engine", "cpu");

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("-Infinity", result.Stdout);
    }
}
