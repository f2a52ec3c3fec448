using TensorLogic.Compiler.Semantics;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>
/// Numeric terms that are not pure einsums, each compiled by <see cref="Cpu.Loops.LoopKernel{T}"/> in float
/// and double and compared cell by cell with the reference TermEvaluator.
/// </summary>
public sealed class NumericTermTests
{
    private static void Check(string program, string target, int expectedCells = -1)
    {
        var bound = Compile(program);
        var cells = TermCheck.Compare<double>(bound, target);
        Assert.True(cells > 0, "the reference reached no cell: the test checks nothing");
        if (expectedCells >= 0)
            Assert.Equal(expectedCells, cells);
        TermCheck.Compare<float>(bound, target);
    }

    [Fact]
    public void Mlp_layer_with_shifted_input() => Check($"""
        W = {Literal(1, 4, 3)}
        X = {Literal(2, 5, 3)}
        Y[i, j] = relu(W[j, k] X[i-1, k])
        """, "Y");

    [Fact]
    public void Convolution_with_zero_padding() => Check($"""
        I = {Literal(3, 2, 6, 6)}
        K = {Literal(4, 3, 2, 3, 3)}
        F : real[3, 6, 6]
        F[o, x, y] = K[o, c, dx, dy] I[c, x+dx-1, y+dy-1]
        """, "F", 3 * 6 * 6);

    [Theory]
    [InlineData("max=")]
    [InlineData("min=")]
    [InlineData("avg=")]
    [InlineData("=")]
    public void Pooling_by_floor_division(string projection) => Check($"""
        S = 2
        G = {Literal(5, 5, 5)}
        P : real[3, 3]
        P[x/S, y/S] {projection} G[x, y]
        """, "P", 9);

    /// <summary>One term whose values all lie on one side of 0, so a register starting at 0 would show.</summary>
    [Theory]
    [InlineData("max=", "-exp(X[i, j])")]
    [InlineData("min=", "2 exp(X[i, j])")]
    [InlineData("avg=", "-exp(X[i, j])")]
    public void Reductions_into_a_register(string projection, string term) => Check($"""
        X = {Literal(16, 4, 6)}
        M[i] {projection} {term}
        """, "M", 4);

    [Fact]
    public void Gaussian_kernel_inner_sum() => Check($"""
        X = {Literal(6, 4, 3)}
        Var = 2
        K[i, i2] = exp(-(X[i, j] - X[i2, j])^2 / Var)
        """, "K", 16);

    [Fact]
    public void Positional_encoding_with_parity_conditions() => Check("""
        L = 10000
        De = 8
        PE : real[6, 8]
        PE[p, d] = Even(d) sin(p / L^(d/De)) + Odd(d) cos(p / L^((d-1)/De))
        """, "PE");

    [Fact]
    public void Broadcast_and_constant_terms() => Check($"""
        V = {Literal(7, 4)}
        Z : real[4, 3]
        Z[i, j] = V[i] - 1
        """, "Z");

    [Fact]
    public void Index_arithmetic_with_modulo_floor_division_and_index_values() => Check($"""
        X = {Literal(8, 5)}
        R : real[4, 3]
        R[i, j] = X[(i*3 + j) % 5] (i / 2) + X[(i - 3) / 2] j - X[(2 - i*j) % 3]
        """, "R");

    [Fact]
    public void Division_by_zero_in_an_index_drops_the_binding() => Check($"""
        X = {Literal(9, 5)}
        D : real[5, 3]
        D[i, j] avg= X[i / (j - 1)] + X[i % (j - 1)]
        """, "D");

    [Fact]
    public void Inner_calls_and_operators() => Check($"""
        A = {Literal(10, 3, 4)}
        B = {Literal(11, 4)}
        T = 0.5
        Y[i] = sig(A[i, j], T) tanh(B[j]) + step(A[i, j]) abs(B[j]) + pow(A[i, j], 2) - sqrt(abs(B[j])) cos(A[i, j]) / (1 + exp(B[j])) + log(1 + A[i, j] A[i, j]) - B[j] % 0.3 + relu(A[i, j]) sig(B[j], 0)
        """, "Y");
}
