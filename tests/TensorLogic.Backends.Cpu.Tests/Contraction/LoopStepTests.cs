using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>Reductions, copies and permutations (Reduce steps), and products too small or thin for GEMM (MultiplyReduce).</summary>
public sealed class LoopStepTests
{
    [Theory]
    [InlineData("Y[i] = X[i, j, k]")]
    [InlineData("Y[j] = X[i, j, k]")]
    [InlineData("Y[k] = X[i, j, k]")]
    [InlineData("Y[k, i] = X[i, j, k]")]
    [InlineData("Y = X[i, j, k]")]
    [InlineData("Y[i, j, k] = X[i, j, k]")]
    [InlineData("Y[k, j, i] = X[i, j, k]")]
    [InlineData("Y[j, k, i] = X[i, j, k]")]
    public void Reductions_and_permutations(string equation)
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("X", 7, 9, 33).Equation(equation), "Y");
        Assert.Equal([StepKind.Reduce], test.Kinds("Y"));
    }

    [Fact]
    public void Large_reduction_runs_in_parallel_and_matches()
    {
        ContractionCheck.Matches(new TestProgram().Real("X", 300, 40, 20).Equation("Y[k, i] = X[i, j, k]"), "Y");
    }

    [Fact]
    public void Dot_product()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 1000).Real("B", 1000).Equation("Y = A[i] B[i]"), "Y");
        Assert.Equal([StepKind.MultiplyReduce], test.Kinds("Y"));
    }

    [Fact]
    public void Frobenius_product_of_transposed_matrices()
    {
        ContractionCheck.Matches(new TestProgram().Real("A", 30, 40).Real("B", 40, 30).Equation("Y = A[i, j] B[j, i]"), "Y");
    }

    [Fact]
    public void Outer_product()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 300).Real("B", 400).Equation("Y[i, j] = A[i] B[j]"), "Y");
        Assert.Equal([StepKind.MultiplyReduce], test.Kinds("Y"));
    }

    [Fact]
    public void Transposed_outer_product()
    {
        ContractionCheck.Matches(new TestProgram().Real("A", 30).Real("B", 40).Equation("Y[j, i] = A[i] B[j]"), "Y");
    }

    [Fact]
    public void Elementwise_product()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 50, 60).Real("B", 50, 60).Equation("Y[i, j] = A[i, j] B[i, j]"), "Y");
        Assert.Equal([StepKind.MultiplyReduce], test.Kinds("Y"));
    }

    [Fact]
    public void Elementwise_product_with_a_transposed_operand()
    {
        ContractionCheck.Matches(new TestProgram().Real("A", 50, 60).Real("B", 60, 50).Equation("Y[i, j] = A[i, j] B[j, i]"), "Y");
    }

    [Fact]
    public void Broadcast_product()
    {
        ContractionCheck.Matches(new TestProgram().Real("A", 20, 30, 40).Real("B", 30).Equation("Y[i, j, k] = A[i, j, k] B[j]"), "Y");
    }

    [Fact]
    public void Tiny_matmul_is_a_direct_loop()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 3, 4).Real("B", 4, 5).Equation("C[i, k] = A[i, j] B[j, k]"), "C");
        Assert.Equal([StepKind.MultiplyReduce], test.Kinds("C"));
    }

    [Fact]
    public void Row_sums_weighted_by_a_vector()
    {
        ContractionCheck.Matches(new TestProgram().Real("A", 40, 3).Real("B", 3).Equation("Y[i] = A[i, j] B[j]"), "Y");
    }

    [Fact]
    public void Single_element_indices()
    {
        ContractionCheck.Matches(new TestProgram().Real("A", 1, 8, 1).Real("B", 8, 1, 9)
            .Equation("Y[i, k, l] = A[i, j, l] B[j, m, k]"), "Y");
    }
}
