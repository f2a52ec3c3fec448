using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>
/// Steps planned as GEMM, over operand layouts that strides absorb (no copy) and ones that force a pack of A or
/// B or a scratch C; each test also pins which copies the layout makes.
/// </summary>
public sealed class GemmStepTests
{
    [Fact]
    public void Matmul_uses_both_operands_in_place()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 20, 30).Real("B", 30, 40)
            .Equation("C[i, k] = A[i, j] B[j, k]"), "C");
        Assert.Equal([StepKind.Gemm], test.Kinds("C"));
        Assert.Equal(["none"], test.GemmCopies("C"));
    }

    [Fact]
    public void Transposed_left_operand_is_read_through_strides()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 30, 20).Real("B", 30, 40)
            .Equation("C[i, k] = A[j, i] B[j, k]"), "C");
        Assert.Equal(["none"], test.GemmCopies("C"));
    }

    [Fact]
    public void Transposed_right_operand_is_read_through_strides()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 20, 30).Real("B", 40, 30)
            .Equation("C[i, k] = A[i, j] B[k, j]"), "C");
        Assert.Equal(["none"], test.GemmCopies("C"));
    }

    [Fact]
    public void Transposed_result_is_computed_as_the_product_of_transposes()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 20, 30).Real("B", 30, 40)
            .Equation("C[k, i] = A[i, j] B[j, k]"), "C");
        Assert.Equal(["swapped"], test.GemmCopies("C"));
    }

    [Fact]
    public void Matrix_vector_product()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("W", 100, 80).Real("X", 80)
            .Equation("Y[i] = W[i, j] X[j]"), "Y");
        Assert.Equal([StepKind.Gemm], test.Kinds("Y"));
    }

    [Fact]
    public void Attention_scores_are_a_batched_product_without_copies()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("Q", 2, 3, 24, 16).Real("K", 2, 3, 20, 16)
            .Equation("S[b, h, p, q] = Q[b, h, p, d] K[b, h, q, d]"), "S");
        Assert.Equal([StepKind.Gemm], test.Kinds("S"));
        Assert.Equal(["none"], test.GemmCopies("S"));
    }

    [Fact]
    public void Attention_values_are_a_batched_product_without_copies()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("S", 2, 3, 24, 20).Real("V", 2, 3, 20, 16)
            .Equation("O[b, h, p, d] = S[b, h, p, q] V[b, h, q, d]"), "O");
        Assert.Equal([StepKind.Gemm], test.Kinds("O"));
        Assert.Equal(["none"], test.GemmCopies("O"));
    }

    [Fact]
    public void Batch_in_different_positions_is_still_strided()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 24, 3, 16).Real("B", 16, 3, 20)
            .Equation("C[i, b, k] = A[i, b, j] B[j, b, k]"), "C");
        Assert.Equal([StepKind.Gemm], test.Kinds("C"));
        Assert.Equal(["none"], test.GemmCopies("C"));
    }

    [Fact]
    public void Split_row_group_forces_a_pack()
    {
        // The rows of A are (i, l), but A stores j between them.
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 6, 16, 5).Real("B", 16, 20)
            .Equation("C[i, l, k] = A[i, j, l] B[j, k]"), "C");
        Assert.Equal([StepKind.Gemm], test.Kinds("C"));
        Assert.Equal(["pack-a"], test.GemmCopies("C"));
    }

    [Fact]
    public void Depth_in_different_orders_packs_one_operand()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 20, 6, 7).Real("B", 7, 6, 30)
            .Equation("C[i, k] = A[i, j, l] B[l, j, k]"), "C");
        Assert.Equal([StepKind.Gemm], test.Kinds("C"));
        Assert.Single(test.GemmCopies("C"), c => c is "pack-a" or "pack-b");
    }

    [Fact]
    public void Interleaved_result_is_written_through_a_scratch()
    {
        // The result interleaves the rows (i, l) of A with the columns k of B; a step this large is one product
        // and a permutation, not i products broadcasting B.
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 24, 20, 32).Real("B", 32, 48)
            .Equation("C[i, k, l] = A[i, l, j] B[j, k]"), "C", Oracle.Naive);
        Assert.Equal([StepKind.Gemm], test.Kinds("C"));
        Assert.Equal(["scratch-c"], test.GemmCopies("C"));
    }

    [Fact]
    public void Small_interleaved_result_broadcasts_the_operand_that_lacks_the_batch()
    {
        // The same layout, small: i products of B[j, k]ᵀ with A's slice A[i, l, j], B's batch stride 0, no copy.
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 6, 5, 16).Real("B", 16, 20)
            .Equation("C[i, k, l] = A[i, l, j] B[j, k]"), "C");
        Assert.Equal([StepKind.Gemm], test.Kinds("C"));
        Assert.Equal(["swapped"], test.GemmCopies("C"));
    }

    [Fact]
    public void Broadcast_batch_on_either_side_without_copies()
    {
        // planner-pqrs's last two steps. p is only in T (A's batch stride 0), q only in B, between p and (r, s) in the result.
        var left = ContractionCheck.Matches(new TestProgram().Real("B", 10, 9).Real("T", 8, 9, 10, 11)
            .Equation("Y[p, q, r, s] = B[q, j] T[p, j, r, s]"), "Y");
        Assert.Equal([StepKind.Gemm], left.Kinds("Y"));
        Assert.Single(left.GemmCopies("Y"), c => c is "none" or "swapped");
        // (p, j) only in T, r only in C.
        var right = ContractionCheck.Matches(new TestProgram().Real("T", 8, 9, 10, 11).Real("C", 12, 10)
            .Equation("Y[p, j, r, s] = T[p, j, k, s] C[r, k]"), "Y");
        Assert.Equal([StepKind.Gemm], right.Kinds("Y"));
        Assert.Single(right.GemmCopies("Y"), c => c is "none" or "swapped");
    }

    [Fact]
    public void Broadcast_batch_mixing_both_operands_is_not_taken()
    {
        // The batch (p, q) would need p from A and q from B: one batch stride cannot say that, so a copy stays.
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 8, 10, 9).Real("B", 7, 10, 11)
            .Equation("Y[p, q, i, k] = A[p, j, i] B[q, j, k]"), "Y");
        Assert.Equal([StepKind.Gemm], test.Kinds("Y"));
        Assert.DoesNotContain("none", test.GemmCopies("Y"));
        Assert.DoesNotContain("swapped", test.GemmCopies("Y"));
    }

    [Fact]
    public void Chain_of_four_matrices()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 12, 40).Real("B", 40, 5).Real("C", 5, 30).Real("D", 30, 12)
            .Equation("Y[i, m] = A[i, j] B[j, k] C[k, l] D[l, m]"), "Y");
        Assert.Equal(3, test.Kinds("Y").Length);
    }

    [Fact]
    public void Planner_acceptance_expression()
    {
        var test = ContractionCheck.Matches(new TestProgram()
            .Real("A", 10, 10).Real("B", 10, 10).Real("T", 10, 10, 10, 10).Real("C", 10, 10).Real("D", 10, 10)
            .Equation("Y[p, q, r, s] = A[p, i] B[q, j] T[i, j, k, l] C[r, k] D[s, l]"), "Y", Oracle.Naive);
        Assert.Equal(4, test.Kinds("Y").Length);
        Assert.Contains(StepKind.Gemm, test.Kinds("Y"));
        // Every step reads its operands in place (broadcasting a batch where one operand lacks it): planner-pqrs's
        // packs and scratch results cost several times the arithmetic.
        Assert.All(test.GemmCopies("Y"), c => Assert.Contains(c, new[] { "none", "swapped" }));
    }

    [Fact]
    public void Naive_oracle_agrees_with_the_reference()
    {
        var test = new TestProgram()
            .Real("A", 3, 4).Real("B", 3, 4).Real("T", 4, 4, 2, 5).Real("C", 3, 2).Real("D", 4, 5)
            .Equation("Y[p, q, r, s] = A[p, i] B[q, j] T[i, j, k, l] C[r, k] D[s, l] / 3")
            .Compile();
        ContractionAssert.Close(test.Reference("Y"), test.Naive("Y"));
    }

    [Fact]
    public void Cyclic_four_tensor_scalar()
    {
        ContractionCheck.Matches(new TestProgram()
            .Real("A", 6, 6, 6).Real("B", 6, 6, 6).Real("C", 6, 6, 6).Real("D", 6, 6, 6)
            .Equation("Y = A[a, b, c] B[c, f, d] C[d, b, e] D[e, f, a]"), "Y");
    }

    [Fact]
    public void Private_index_is_summed_before_the_product()
    {
        // X's own index m is summed by a leaf reduction; the Gemm then sees plain operands.
        ContractionCheck.Matches(new TestProgram().Real("X", 20, 30, 4).Real("W", 30, 40)
            .Equation("Y[i, k] = X[i, j, m] W[j, k]"), "Y");
    }
}
