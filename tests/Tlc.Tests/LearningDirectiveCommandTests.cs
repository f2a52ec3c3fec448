namespace TensorLogic.Tlc.Tests;

/// <summary>
/// The learning directives through each command: run and the REPL ignore them, check reports their errors
/// and prints them with <c>--emit bound</c>, fmt prints their canonical form.
/// </summary>
public sealed class LearningDirectiveCommandTests : IDisposable
{
    private const string Network = """
        X = [[0, 0], [0, 1], [1, 0], [1, 1]]
        Y = [0, 1, 1, 0]
        W1 : real[2, 3]
        W2 : real[3]
        Scale : real
        H[e, h] = relu(W1[i, h] X[e, i] + 1)
        O[e] = sig(W2[h] H[e, h])
        Loss = (O[e] - Y[e])^2

        """;

    private const string Directives = """
        learn   Loss wrt W1,W2 with optimizer = adam, lr=0.01 ,epochs=200
        fixed Scale
        init W1, W2 with scheme=he

        """;

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Run_ignores_the_directives()
    {
        var with = TlcRun.Invoke("run", _folder.Write("with.tl", Network + Directives + "O?\nLoss?\n"));
        var without = TlcRun.Invoke("run", _folder.Write("without.tl", Network + "O?\nLoss?\n"));

        Assert.Equal((0, ""), (with.ExitCode, with.Stderr));
        Assert.Equal(without.Stdout, with.Stdout);
        Assert.Contains("Loss? 1", with.Stdout);
    }

    [Fact]
    public void The_repl_accepts_and_ignores_the_directives()
    {
        var result = TlcRun.InvokeWithInput(Network + "learn Loss wrt W1, W2 with lr=0.1\nO?\n", "repl", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"query":"O?","shape":[4],"data":[0.5,0.5,0.5,0.5]}""" + "\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Check_reports_the_directives_errors()
    {
        var path = _folder.Write("bad.tl", Network + "learn Loss wrt W1, W2 with lr=0\n");

        var result = TlcRun.Invoke("check", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.tl:9:31: error TL6003: setting 'lr' must be a number greater than 0, not '0'", result.Stderr);
    }

    [Fact]
    public void Check_emits_the_bound_learning()
    {
        var result = TlcRun.Invoke("check", _folder.Write("ok.tl", Network + "learn Loss wrt W1, W2 with lr=0.01\ninit W1 with scheme=he\n"), "--emit", "bound");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.EndsWith("learning\n  loss Loss\n  learned W1, W2\n  init W1 scheme=he\n  with lr=0.01\n", result.Stdout);
    }

    [Fact]
    public void Fmt_prints_the_canonical_form()
    {
        var result = TlcRun.Invoke("fmt", _folder.Write("messy.tl", Directives));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("learn Loss wrt W1, W2 with optimizer=adam, lr=0.01, epochs=200\nfixed Scale\ninit W1, W2 with scheme=he\n", result.Stdout);
    }
}
