using System.Text.Json;

namespace TensorLogic.Tlc.Tests;

/// <summary><c>tlc grad</c>: the printed program checks, runs, and gives the gradients computed by hand.</summary>
public sealed class GradCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // L = (Σ W[i] X[i] − 1)² with W = (0.5, −1, 2), X = (1, 2, 3): the sum is 4.5, so dL/dW = 2 · 3.5 · X = (7, 14, 21).
    private const string Program = """
        X = [1, 2, 3]
        W = [0.5, -1, 2]
        S = W[i] X[i]
        Loss = (S - 1)^2
        Loss?
        """;

    [Fact]
    public void A_module_instance_s_tensor_has_a_gradient_named_without_the_dot()
    {
        // The same loss with S in a module instance m and W its declared weights: dL/dm.W = (7, 14, 21).
        _folder.Write("lin.tl", "input X\nW : real[3]\nS = W[i] X[i]\n");
        var path = _folder.Write("f.tl", "import \"lin.tl\" as m with X=V\nV = [1, 2, 3]\nm.W = [0.5, -1, 2]\nLoss = (m.S - 1)^2\nLoss?\n");

        var grad = TlcRun.Invoke("grad", path, "--of", "Loss", "--wrt", "m.W");
        Assert.Equal(0, grad.ExitCode);
        Assert.Contains("DLoss_dm_S = 2 * (m.S - 1)", grad.Stdout);
        var run = TlcRun.Invoke("run", _folder.Write("g.tl", grad.Stdout), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"query":"DLoss_dm_W?","shape":[3],"data":[7,14,21]}""" + "\n", run.Stdout);
    }

    [Fact]
    public void Printed_program_checks_and_runs_to_the_gradient()
    {
        var path = _folder.Write("f.tl", Program);
        var grad = TlcRun.Invoke("grad", path, "--of", "Loss", "--wrt", "W");
        Assert.Equal(0, grad.ExitCode);
        Assert.Contains("DLoss_dS = 2 * (S - 1)", grad.Stdout);
        Assert.EndsWith("DLoss_dW?\n", grad.Stdout);
        Assert.DoesNotContain("Loss?", grad.Stdout.Replace("DLoss_dW?", ""));

        var printed = _folder.Write("g.tl", grad.Stdout);
        var check = TlcRun.Invoke("check", printed);
        Assert.Equal(0, check.ExitCode);
        Assert.DoesNotContain("error", check.Stderr);

        var run = TlcRun.Invoke("run", printed, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var answer = JsonDocument.Parse(run.Stdout.Trim());
        var values = answer.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal([7.0, 14.0, 21.0], values);
    }

    [Fact]
    public void Without_wrt_the_gradients_are_those_of_the_tensors_the_program_would_learn()
    {
        var path = _folder.Write("f.tl", "X = [1, 2]\nW : real[2]\nB : real\nLoss = (W[i] X[i] + B)^2\n");
        var grad = TlcRun.Invoke("grad", path, "--of", "Loss");
        Assert.Equal(0, grad.ExitCode);
        Assert.EndsWith("DLoss_dW?\nDLoss_dB?\n", grad.Stdout);
    }

    [Fact]
    public void Without_of_the_learn_statement_names_the_loss_and_what_is_learned()
    {
        var path = _folder.Write("f.tl", "X = [1, 2]\nW : real[2]\nV : real[2]\nLoss = (W[i] V[i] X[i])^2\nlearn Loss wrt V\n");
        var grad = TlcRun.Invoke("grad", path);
        Assert.Equal(0, grad.ExitCode);
        Assert.EndsWith("\nDLoss_dV?\n", grad.Stdout);
    }

    [Theory]
    [InlineData("X = [1, 2]\nW : real[2]\nY[i] = W[i] X[i]\n", "--of", "Y", "TL6010")]
    [InlineData("X = [1, 2]\nW : real[2]\nV : real[2]\nLoss = W[i] X[i]\n", "--wrt", "V", "TL6011")]
    [InlineData("X = [1, 2]\nW : real[2]\nLoss = W[i] X[i]\n", "--wrt", "Q", "TL6014")]
    public void Bad_requests_are_diagnostics_with_exit_1_and_print_nothing(string program, string option, string name, string id)
    {
        var path = _folder.Write("f.tl", program);
        string[] args = option == "--of" ? ["grad", path, "--of", name] : ["grad", path, "--of", "Loss", option, name];
        var result = TlcRun.Invoke(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains($"error {id}", result.Stderr);
    }

    // An RNN over 3 steps whose loss reads the final state; the second form stores time, H[i, t] the state after step t.
    private const string RnnInputs = """
        X = [[0.5, -1, 0.25], [1.5, 0.5, -0.75]]
        Y = [0.3, -0.2]
        W = [[0.4, -0.3], [0.2, 0.6]]
        U = [[0.5, 0.1], [-0.7, 0.3]]

        """;

    [Fact]
    public void A_virtual_loop_s_printed_gradient_checks_and_runs_to_that_of_the_stored_loop()
    {
        var looped = Gradient("looped.tl", RnnInputs + "H[i, *t+1] = tanh(W[i, j] H[j, *t] + U[i, k] X[k, t])\nLoss = (H[i] - Y[i])^2\n");
        var stored = Gradient("stored.tl", RnnInputs + "H[i, t] = tanh(W[i, j] H[j, t-1] + U[i, k] X[k, t])\nLoss = (H[i, 2] - Y[i])^2\n");
        Assert.Equal(4, looped.Length);
        for (var i = 0; i < looped.Length; i++)
            Assert.Equal(stored[i], looped[i], 1e-12);
        Assert.NotEqual(0, looped.Select(Math.Abs).Max());
    }

    /// <summary>tlc grad --wrt W, then tlc check and tlc run (float64) of what it printed: dLoss/dW's values.</summary>
    private double[] Gradient(string name, string program)
    {
        var grad = TlcRun.Invoke("grad", _folder.Write(name, program), "--of", "Loss", "--wrt", "W");
        Assert.Equal(0, grad.ExitCode);
        var printed = _folder.Write("g-" + name, grad.Stdout);
        var check = TlcRun.Invoke("check", printed);
        Assert.Equal(0, check.ExitCode);
        Assert.DoesNotContain("error", check.Stderr);
        var run = TlcRun.Invoke("run", printed, "--format", "json", "--engine", "cpu-f64");
        Assert.Equal(0, run.ExitCode);
        return [.. JsonDocument.Parse(run.Stdout.Trim()).RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetDouble())];
    }
}
