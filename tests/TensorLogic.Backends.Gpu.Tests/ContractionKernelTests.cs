using static TensorLogic.Backends.Gpu.Tests.GpuPrograms;

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

    /// <summary>
    /// A relation times a dense tensor goes by the relation's tuples, however large its shape: a graph of
    /// 100,000 nodes (10¹⁰ possible edges, far too many to make dense) aggregates its neighbours' rows.
    /// </summary>
    [Fact]
    public void A_relation_times_a_dense_tensor_goes_by_its_tuples()
    {
        var edges = new[] { (0, 1), (0, 99_999), (5, 1), (99_999, 5), (5, 99_999) };
        var facts = string.Join("\n", edges.Select(e => $"Edge({e.Item1}, {e.Item2})"));
        var program = $"X : real[100000, 2]\n{facts}\nX[n, d] = n + d\nAgg[n, d] = Edge(n, m) X[m, d]\nDeg[n] = Edge(n, m)\nAgg?\nDeg?";
        var agg = Evaluate(program, "Agg", out var kinds, strict: false);
        Assert.Contains("scatter", kinds);
        double Row(int n, int d) => edges.Where(e => e.Item1 == n).Sum(e => e.Item2 + d);
        Assert.Equal(Row(0, 1), agg[0 * 2 + 1]);
        Assert.Equal(Row(5, 0), agg[5 * 2 + 0]);
        Assert.Equal(Row(99_999, 1), agg[99_999 * 2 + 1]);
        Assert.Equal(0, agg[3 * 2]);
        var degree = Evaluate(program, "Deg", out _, strict: false);
        Assert.Equal([2, 2, 1], new[] { degree[0], degree[5], degree[99_999] });
    }
}
