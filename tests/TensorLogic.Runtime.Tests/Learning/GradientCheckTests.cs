using TensorLogic.Compiler.Differentiation;

namespace TensorLogic.Runtime.Tests.Learning;

/// <summary>
/// Every built-in and construct the gradient compiler differentiates, checked against finite differences
/// on every engine (float64 engines to 1e-6 relative error, float32 to 1e-3).
/// </summary>
public sealed class GradientCheckTests
{
    // Shared inputs: X is data, W and V are what the gradients are taken with respect to.
    private const string Inputs = """
        X = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
        W : real[4, 3]
        V : real[4]
        """;

    public static readonly Dictionary<string, (string Program, string[] Wrt)> Cases = new()
    {
        ["linear"] = ("Y[e, h] = W[h, i] X[e, i] + V[h]\nLoss = Y[e, h] Y[e, h]", ["W", "V"]),
        ["sig"] = ("Y[e, h] = sig(W[h, i] X[e, i] + V[h])\nLoss = (Y[e, h] - 0.3)^2", ["W", "V"]),
        ["sig with temperature"] = ("Y[e, h] = sig(W[h, i] X[e, i], 2.5)\nLoss = Y[e, h] V[h]", ["W", "V"]),
        ["relu"] = ("Y[e, h] = relu(W[h, i] X[e, i] + V[h])\nLoss = Y[e, h]^2", ["W", "V"]),
        ["tanh"] = ("Y[e, h] = tanh(W[h, i] X[e, i])\nLoss = Y[e, h] V[h]", ["W", "V"]),
        ["exp"] = ("Y[e, h] = exp(W[h, i] X[e, i])\nLoss = Y[e, h] V[h]", ["W", "V"]),
        ["log"] = ("Y[h] = log(W[h, i] W[h, i] + 1)\nLoss = Y[h] V[h]", ["W", "V"]),
        ["sqrt"] = ("Y[h] = sqrt(W[h, i] W[h, i] + 0.5)\nLoss = Y[h] V[h]", ["W", "V"]),
        ["abs"] = ("Y[e, h] = abs(W[h, i] X[e, i])\nLoss = Y[e, h] V[h]", ["W", "V"]),
        ["sin and cos"] = ("Y[e, h] = sin(W[h, i] X[e, i]) + cos(V[h])\nLoss = Y[e, h]^2", ["W", "V"]),
        ["pow at the root"] = ("Y[e, h] = pow(W[h, i] X[e, i], 3)\nLoss = Y[e, h] V[h]", ["W", "V"]),
        ["inner power and quotient"] = ("Y[e, h] = (W[h, i] - X[e, i])^2 / (V[h] V[h] + 1)\nLoss = Y[e, h]", ["W", "V"]),
        ["inner calls"] = ("Y[e, h] = exp(-(W[h, i] - X[e, i])^2) tanh(V[h])\nLoss = Y[e, h] Y[e, h]", ["W", "V"]),
        ["softmax"] = ("Y[e, h.] = softmax(W[h, i] X[e, i])\nLoss = Y[e, h] Y[e, h] V[h]", ["W", "V"]),
        ["lnorm"] = ("Y[e, h.] = lnorm(W[h, i] X[e, i] + V[h])\nLoss = Y[e, h] Y[e, h] Y[e, h]", ["W", "V"]),
        ["average"] = ("Y[h] avg= W[h, i] X[e, i]\nLoss = Y[h] Y[h] V[h]", ["W", "V"]),
        ["average over a relation"] = ("Mask(0, 1), Mask(1, 0), Mask(1, 2), Mask(2, 2), Mask(3, 0), Mask(3, 1)\nY[h] avg= Mask(h, i) W[h, i] X[0, i]\nLoss = Y[h] Y[h] V[h]", ["W", "V"]),
        ["average pooling"] = ("P[x/2] avg= W[x, i] X[1, i]\nLoss = P[x] P[x] V[x]", ["W", "V"]),
        ["max"] = ("Y[h] max= W[h, i] X[e, i]\nLoss = Y[h] Y[h] V[h]", ["W", "V"]),
        ["min"] = ("Y[e] min= W[h, i] X[e, i]\nLoss = Y[e] Y[e]", ["W"]),
        ["several equations"] = ("Y[e, h] = W[h, i] X[e, i]\nY[e, h] = V[h] V[h]\nZ[e, h] = sig(Y[e, h])\nLoss = Z[e, h]", ["W", "V"]),
        ["scalar constants"] = ("S = 3\nY[e, h] = W[h, i] X[e, i] / S - S\nLoss = Y[e, h]^2", ["W"]),
        // A declared tensor that reads itself is a fixpoint: Z = 0.5 Z + W X converges to 2 W X, and the gradient
        // equations are the linear system of the implicit function theorem, solved by the same sweeps.
        ["fixpoint"] = ("Z : real[4]\nZ[h] = 0.5 Z[h] + W[h, i] X[0, i]\nLoss = Z[h] Z[h] V[h]", ["W", "V"]),
        ["layers"] = ("L[l, h] = tanh(W[h, i] X[l, i])\nS[l, h] = L[l, h] + 0.5 S[l-1, h]\nLoss = S[1, h] V[h]", ["W", "V"]),
        ["concat"] = ("A[e, h, i] = W[h, i] X[e, i]\nM[e, m] = concat(A[e, h, i])\nLoss = M[e, m] M[e, m] M[e, m]", ["W"]),
    };

    public static TheoryData<string, string> Rows() =>
        TensorLogic.Testing.EngineMatrix.Cross(Cases.Keys, TensorLogic.Testing.EngineMatrix.EngineNames);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Gradient_program_agrees_with_finite_differences(string name, string engine)
    {
        var (program, wrt) = Cases[name];
        GradientCheck.Verify(Inputs + "\n" + program, "Loss", wrt, engine, TensorLogic.Testing.EngineMatrix.IsSinglePrecision(engine) ? 1e-3 : 1e-6);
    }
}
