using TensorLogic.Testing;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Convolution;

/// <summary>
/// Whole programs with convolutions, run as <c>tlc run</c> runs them on the CPU engine in float and double and
/// compared with the reference engine: implicit GEMM among other terms of an equation, under an outer function
/// (the fused epilogue), and feeding another convolution.
/// </summary>
public sealed class ConvolutionProgramTests
{
    private static readonly Dictionary<string, string> Programs = new()
    {
        ["relu of a convolution plus a bias"] = $"""
            Img = {Literal(41, 12, 10, 9)}
            W = {Literal(42, 3, 3, 9, 6)}
            B = {Literal(43, 6)}
            F[x, y, o] = relu(W[dx, dy, c, o] Img[x+dx, y+dy, c] + B[o])
            F?
            """,
        ["sigmoid of the difference of two convolutions"] = $"""
            X = {Literal(44, 3, 8, 9)}
            K = {Literal(45, 4, 3, 3, 3)}
            Z = {Literal(46, 2, 8, 9)}
            L = {Literal(47, 4, 2, 2, 2)}
            Y[o, y, x] = sig(K[o, c, dy, dx] X[c, y + dy, x + dx] - L[o, k, ey, ex] Z[k, y + ey, x + ex])
            Y?
            """,
        ["two layers"] = $"""
            Img = {Literal(48, 2, 9, 7, 8)}
            W1 = {Literal(49, 3, 3, 8, 16)}
            W2 = {Literal(50, 2, 2, 16, 5)}
            H[n, x, y, h] = relu(W1[dx, dy, c, h] Img[n, x+dx, y+dy, c])
            Y[n, x, y, o] = W2[dx, dy, h, o] H[n, x+dx, y+dy, h]
            Y?
            """,
        ["a gathered window beside implicit ones"] = $"""
            X = {Literal(51, 7, 6, 8)}
            D = {Literal(52, 3, 3, 8)}
            W = {Literal(53, 3, 3, 8, 8)}
            Y[x, y, c] = tanh(D[dx, dy, c] X[x+dx, y+dy, c] + W[dx, dy, k, c] X[x+dx, y+dy, k])
            Y?
            """,
    };

    public static TheoryData<string, string> ProgramsOnTheCpu() => EngineMatrix.Cross(Programs.Keys, ["cpu", "cpu-f64"]);

    [Theory]
    [MemberData(nameof(ProgramsOnTheCpu))]
    public void Agrees_with_the_reference(string name, string engine)
    {
        var expected = ProgramRunner.Run(EngineMatrix.Get(EngineMatrix.Reference), Programs[name]);
        var actual = ProgramRunner.Run(EngineMatrix.Get(engine), Programs[name]);
        Assert.Equal("", actual.Diagnostics);
        AnswerAssert.Equivalent(expected.Answers, actual.Answers, EngineMatrix.Get(engine));
    }
}
