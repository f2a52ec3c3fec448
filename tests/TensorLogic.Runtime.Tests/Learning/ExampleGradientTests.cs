using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Learning;

/// <summary>
/// The gradient of every example program, with a loss added to it, against finite differences: layer
/// recursion (mlp, gnn, the transformer's residual stream), convolution and pooling, attention, kernel
/// machines, embeddings and a Bayesian network.
/// </summary>
public sealed class ExampleGradientTests
{
    public static readonly Dictionary<string, (string File, string Loss, string[] Wrt)> Cases = new()
    {
        ["mlp"] = ("mlp.tl", "Loss = X[2, j] X[2, j] + XB[n, 2, j] XB[n, 2, j]", ["W"]),
        ["cnn"] = ("cnn.tl", "Loss = Pooled[x, y]^2 + MaxPooled[x, y]^2 + Combined[x, y]^2", ["Filter", "Image"]),
        ["gnn"] = ("gnn.tl", "Loss = Y[n] Y[n] + YEdge[n, n'] + YGraph", ["WP", "WOut", "X"]),
        ["attention"] = ("attention.tl", "Loss = Attn[p, dv]^2", ["WQ", "WK", "WV", "X"]),
        ["transformer"] = ("transformer.tl", "Loss = Y[p, t] Y[p, t]", ["WQ", "WK", "WV", "WS", "WP", "WP2", "Emb", "WO"]),
        ["kernels"] = ("kernels.tl", "Loss = Y[Q1] + Y[Q2] + YG[Q1] YG[Q2] + K[i, i'] KG[i, i'] / 100", ["A", "AG", "X"]),
        ["rnn"] = ("rnn.tl", "Loss = H[i, t]^2", ["W", "V", "U"]),
        ["embedding"] = ("embedding.tl", "Loss = Score[x, z]^2 + Soft[x, z] + InSet[x]^2", ["Emb"]),
        ["bayes"] = ("bayes.tl", "Loss = PRainGivenWet[r]^2 + PCloudyGivenWetNoSprinkler[c]^2 + PWet[w] PWet[w]", ["PC", "PS", "PR", "PW"]),
    };

    public static TheoryData<string, string> Rows() => EngineMatrix.Cross(Cases.Keys, EngineMatrix.EngineNames);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Example_gradient_agrees_with_finite_differences(string name, string engine)
    {
        var (file, loss, wrt) = Cases[name];
        var folder = Repository.PathOf("examples");
        var program = File.ReadAllText(Path.Combine(folder, file)) + "\n" + loss + "\n";
        GradientCheck.Verify(program, "Loss", wrt, engine, EngineMatrix.IsSinglePrecision(engine) ? 2e-3 : 1e-6, dataFolder: folder);
    }
}
