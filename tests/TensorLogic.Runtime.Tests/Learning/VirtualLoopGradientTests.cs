using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Learning;

/// <summary>
/// Backpropagation through time: an RNN written with a virtual index (<c>H[i, *t+1]</c>), differentiated,
/// against finite differences on every engine, and against the same RNN written with an ordinary time index.
/// </summary>
public sealed class VirtualLoopGradientTests
{
    // Four steps of two inputs, three units; Z is a target per unit and step, Y one for the final state.
    private const string Inputs = """
        X = [[0.5, -1.0, 0.25, 2.0], [1.5, 0.5, -0.75, 0.1]]
        Z = [[0.3, -0.2, 0.1, 0.5], [0.1, 0.2, -0.3, 0.4], [0.0, 0.6, -0.1, 0.2]]
        Y = [0.3, -0.2, 0.1]
        W : real[3, 3]
        U : real[3, 2]
        V : real[3]

        """;

    private const string VirtualStep = "H[i, *t+1] = tanh(W[i, j] H[j, *t] + U[i, k] X[k, t] + V[i])\n";

    // The same steps with time stored: H[i, t] is the state after step t, and H[i, -1] is outside, so 0.
    private const string OrdinaryStep = "H[i, t] = tanh(W[i, j] H[j, t-1] + U[i, k] X[k, t] + V[i])\n";

    public static readonly Dictionary<string, (string Virtual, string Ordinary)> Cases = new()
    {
        // Outside the loop, H without its virtual index is the final state: after step 3.
        ["loss on the last state"] = (
            VirtualStep + "Loss = (H[i] - Y[i])^2\n",
            OrdinaryStep + "Loss = (H[i, 3] - Y[i])^2\n"),
        // The accumulator steps with H, reading the state each step starts from (0 at the first step, a
        // constant term the ordinary form leaves out, which changes no gradient).
        ["loss summed over the steps"] = (
            VirtualStep + "Acc[*t+1] = Acc[*t] + (H[j, *t] - Z[j, t])^2\nLoss = Acc\n",
            OrdinaryStep + "Loss = (H[j, t-1] - Z[j, t])^2\n"),
        // Both: a step output summed over the steps, and the final state.
        ["per-step outputs and the last state"] = (
            VirtualStep + "O[*t+1] = O[*t] + sig(V[j] H[j, *t]) Z[0, t]\nLoss = O + H[i] H[i]\n",
            OrdinaryStep + "O = sig(V[j] H[j, t-1]) Z[0, t]\nLoss = O + H[i, 3] H[i, 3]\n"),
        // A normalized state: the time index is inserted before the normalized axis.
        ["softmax state"] = (
            "P[*t+1, c.] = softmax(W[c, j] P[*t, j] + U[c, k] X[k, t])\nLoss = P[c] Y[c] + V[c] P[c] P[c]\n",
            "P[t, c.] = softmax(W[c, j] P[t-1, j] + U[c, k] X[k, t])\nLoss = P[3, c] Y[c] + V[c] P[3, c] P[3, c]\n"),
    };

    private static readonly string[] Wrt = ["W", "U", "V"];

    public static TheoryData<string, string> Rows() => EngineMatrix.Cross(Cases.Keys, EngineMatrix.EngineNames);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Virtual_loop_gradient_agrees_with_finite_differences(string name, string engine)
    {
        GradientCheck.Verify(Inputs + Cases[name].Virtual, "Loss", Wrt, engine, Tolerance(engine));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Virtual_loop_gradient_equals_that_of_the_ordinary_time_index(string name, string engine)
    {
        var (virtualForm, ordinaryForm) = Cases[name];
        var looped = GradientCheck.Verify(Inputs + virtualForm, "Loss", Wrt, engine, Tolerance(engine));
        var stored = GradientCheck.Verify(Inputs + ordinaryForm, "Loss", Wrt, engine, Tolerance(engine));
        var allowed = EngineMatrix.IsSinglePrecision(engine) ? 1e-5 : 1e-12;
        foreach (var tensor in Wrt)
        {
            var a = looped.Analytic[tensor];
            var b = stored.Analytic[tensor];
            Assert.Equal(b.Length, a.Length);
            for (var i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(a[i] - b[i]) <= allowed * Math.Max(1, Math.Abs(b[i])), $"dLoss/d{tensor}[{i}]: {a[i]:R} with *t, {b[i]:R} with t");
        }
    }

    private static double Tolerance(string engine) => EngineMatrix.IsSinglePrecision(engine) ? 1e-3 : 1e-6;
}
