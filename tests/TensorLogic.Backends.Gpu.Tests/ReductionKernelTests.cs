using static TensorLogic.Backends.Gpu.Tests.GpuPrograms;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>
/// The group-per-cell kernels (long sums into few cells; long normalization groups) against brute force.
/// Their groups have 4 threads on the CPU accelerator, so shared memory and barriers are exercised here too.
/// </summary>
public class ReductionKernelTests
{
    [Fact]
    public void A_long_sum_into_one_cell_is_reduced_by_a_group()
    {
        var x = Random([3001], seed: 21);
        var y = Random([3001], seed: 22);
        var loss = Evaluate($"X = {Literal(x)}\nY = {Literal(y)}\nL = X[i] Y[i]\nL?", "L", out var kinds);
        Assert.Contains("reduce", kinds);
        AssertClose([Sum(3001, i => x[i] * y[i])], loss);
    }

    [Fact]
    public void A_bias_gradient_sums_a_batch_per_cell()
    {
        var d = Random([1500, 3], seed: 23);
        var g = Evaluate($"D = {Literal(d)}\nG[j] = D[n, j]\nG?", "G", out var kinds);
        Assert.Contains("reduce", kinds);
        AssertClose(Brute([3], c => Sum(1500, n => d[n, c[0]])), g);
    }

    [Fact]
    public void Softmax_and_layer_norm_over_long_groups()
    {
        var x = Random([3, 100], seed: 24);
        var softmax = Evaluate($"X = {Literal(x)}\nS[r, c.] = softmax(X[r, c])\nS?", "S", out _);
        AssertClose(Brute([3, 100], cell =>
        {
            var max = Enumerable.Range(0, 100).Max(c => x[cell[0], c]);
            return Math.Exp(x[cell[0], cell[1]] - max) / Sum(100, c => Math.Exp(x[cell[0], c] - max));
        }), softmax);
        var norm = Evaluate($"X = {Literal(x)}\nN[r, c.] = lnorm(X[r, c])\nN?", "N", out _);
        AssertClose(Brute([3, 100], cell =>
        {
            var mean = Sum(100, c => x[cell[0], c]) / 100;
            var variance = Sum(100, c => (x[cell[0], c] - mean) * (x[cell[0], c] - mean)) / 100;
            return (x[cell[0], cell[1]] - mean) / Math.Sqrt(variance + 1e-5);
        }), norm);
    }
}
