using System.Globalization;
using System.Text.Json;

namespace TensorLogic.Tlc.Tests;

/// <summary><c>tlc train</c> end to end: it learns, saves, and a later <c>tlc run --params</c> answers with what it learned.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string Xor = """
        X = [[0, 0], [0, 1], [1, 0], [1, 1]]
        Y = [0, 1, 1, 0]
        W1 : real[4, 2]
        B1 : real[4]
        W2 : real[4]
        B2 : real
        H[e, h] = tanh(W1[h, i] X[e, i] + B1[h])
        O[e] = sig(W2[h] H[e, h] + B2)
        Loss avg= (O[e] - Y[e])^2
        learn Loss with optimizer=adam, lr=0.05, epochs=300, seed=1
        O?
        """;

    [Fact]
    public void Xor_is_learned_saved_and_answered_from_the_saved_tensors()
    {
        var program = _folder.Write("xor.tl", Xor);
        var saved = Path.Combine(_folder.Path, "params");
        var log = Path.Combine(_folder.Path, "log.csv");
        var train = TlcRun.Invoke("train", program, "--save", saved, "--log", log);
        Assert.Equal(0, train.ExitCode);
        var done = train.Stdout.Split('\n').Single(l => l.StartsWith("done"));
        var loss = double.Parse(done.Split("loss ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(loss < 0.01, done);
        Assert.Equal(301, File.ReadAllLines(log).Length);
        Assert.True(File.Exists(Path.Combine(saved, "W1.npy")));

        var run = TlcRun.Invoke("run", program, "--params", saved, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var outputs = JsonDocument.Parse(run.Stdout.Trim()).RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal([0.0, 1.0, 1.0, 0.0], outputs.Select(v => Math.Round(v)));

        // The REPL takes the same folder: a query typed there is answered with the learned tensors.
        var repl = TlcRun.InvokeWithInput("O[3]?\n", "repl", program, "--params", saved, "--format", "json");
        var typed = repl.Stdout.Split('\n').Single(l => l.Contains("\"O[3]?\""));
        Assert.True(JsonDocument.Parse(typed).RootElement.GetProperty("data").EnumerateArray().Single().GetDouble() < 0.5, typed);
    }

    [Fact]
    public void The_seed_makes_training_reproducible()
    {
        var program = _folder.Write("xor.tl", Xor);
        var first = TlcRun.Invoke("train", program, "--epochs", "20", "--seed", "3");
        var second = TlcRun.Invoke("train", program, "--epochs", "20", "--seed", "3");
        var other = TlcRun.Invoke("train", program, "--epochs", "20", "--seed", "4");
        static string Losses(string output) => string.Join("\n", output.Split('\n').Where(l => l.StartsWith("epoch")).Select(l => l.Split("  ")[1]));
        Assert.Equal(Losses(first.Stdout), Losses(second.Stdout));
        Assert.NotEqual(Losses(first.Stdout), Losses(other.Stdout));
    }

    [Fact]
    public void Digits_mlp_reaches_95_percent_on_held_out_images()
    {
        var program = TensorLogic.Testing.Repository.PathOf("examples", "learning", "digits.tl");
        var train = TlcRun.Invoke("train", program);
        Assert.Equal(0, train.ExitCode);
        var line = train.Stdout.Split('\n').Single(l => l.StartsWith("validation accuracy"));
        var accuracy = double.Parse(line.Split(' ')[2].TrimEnd('%'), CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 95, line);
    }

    [Fact]
    public void Validation_examples_can_come_from_a_folder_of_files_named_as_the_training_ones()
    {
        // Two points a side of x = 0 to learn from, three to validate on; the labels say which side.
        static void Write(string folder, double[] x, double[] y)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "x.tsv"), string.Concat(x.Select((v, i) => $"{i}\t{v.ToString(CultureInfo.InvariantCulture)}\n")));
            File.WriteAllText(Path.Combine(folder, "y.tsv"), string.Concat(y.Select((v, i) => $"{i}\t{v.ToString(CultureInfo.InvariantCulture)}\n")));
        }
        Write(Path.Combine(_folder.Path, "train"), [-2, -1, 1, 2], [0, 0, 1, 1]);
        Write(Path.Combine(_folder.Path, "test"), [-3, 0.5, 3], [0, 1, 1]);
        var program = _folder.Write("train/side.tl", """
            X = "x.tsv"
            Y = "y.tsv"
            W : real
            B : real
            O[e] = sig(W X[e] + B)
            Loss avg= (O[e] - Y[e])^2
            learn Loss with lr=0.1, epochs=200, predict=O, labels=Y
            """);
        var train = TlcRun.Invoke("train", program, "--validate-with", Path.Combine(_folder.Path, "test"));
        Assert.Equal(0, train.ExitCode);
        Assert.Contains("validation accuracy 100.0% (3 held-out examples)", train.Stdout);

        // Batches are cut from table files too: their first column numbers the examples.
        var batched = TlcRun.Invoke("train", program, "--batch", "3", "--validate-with", Path.Combine(_folder.Path, "test"));
        Assert.Equal(0, batched.ExitCode);
        Assert.Equal("", batched.Stderr);

        var missing = TlcRun.Invoke("train", program, "--validate-with", Path.Combine(_folder.Path, "nowhere"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error TL5001", missing.Stderr);
    }

    [Fact]
    public void Two_vectors_that_both_start_at_zero_are_reported_as_stuck()
    {
        // d/dU of U[h] V[h] is V[h], which is 0 at the start, and the other way round: neither ever moves.
        var program = _folder.Write("stuck.tl", "X = [1, 2]\nU : real[2]\nV : real[2]\nLoss = (U[h] V[h] X[h] - 1)^2\nlearn Loss with epochs=4\n");
        var result = TlcRun.Invoke("train", program);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning TL6013: 'U' got a zero gradient at each of the first 3 steps", result.Stderr);
        Assert.Contains("init U with scheme=normal", result.Stderr);
    }

    [Theory]
    [InlineData("--momentum", "1", "--momentum must be a number from 0 up to, but not including, 1, not 1")]
    [InlineData("--epochs", "0", "--epochs must be an integer of at least 1, not 0")]
    [InlineData("--lr", "-0.5", "--lr must be a number greater than 0, not -0.5")]
    [InlineData("--lr", "NaN", "--lr must be a number greater than 0, not NaN")]
    [InlineData("--clip", "Infinity", "--clip must be a number greater than 0, not Infinity")]
    [InlineData("--decay", "-1", "--decay must be a number of at least 0, not -1")]
    [InlineData("--validate", "1.5", "--validate must be a number from 0 up to, but not including, 1, not 1.5")]
    [InlineData("--warmup", "-1", "--warmup must be an integer of at least 0, not -1")]
    [InlineData("--batch", "-2", "--batch must be an integer of at least 0, not -2")]
    [InlineData("--seed", "-3", "--seed must be an integer of at least 0, not -3")]
    public void Options_out_of_range_are_usage_errors_checked_as_the_learn_statement_settings_are(string option, string value, string message)
    {
        var program = _folder.Write("f.tl", "W : real[2]\nLoss = W[i] W[i]\nlearn Loss\n");
        var result = TlcRun.Invoke("train", program, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error TL6003: {message}", result.Stderr);
    }

    [Theory]
    [InlineData("W : real[2]\nLoss = W[i] W[i]\n", "TL6008")]                                   // no learn statement
    [InlineData("X = [1, 2]\nW : real[2]\nY = W[i] X[i]\nLoss = log(Y - 10)\nlearn Loss with epochs=2\n", "TL6015")]
    [InlineData("W : real[2]\nLoss = W[i] W[i]\nlearn Loss with epochs=0\n", "TL6003")]
    [InlineData("Loss = W[i] W[i]\nlearn Loss wrt W\n", "TL2013")]                                   // a learned tensor without a shape
    [InlineData("W : real[2]\nLoss = W[i] W[i]\nlearn Loss wrt Q\n", "TL6001")]                     // a directive naming an unknown tensor
    [InlineData("W : real[2]\nL[i] = W[i] W[i]\nlearn L\n", "TL6010")]                              // a loss that is not a scalar
    public void Failures_exit_1_and_write_nothing(string text, string id)
    {
        var program = _folder.Write("f.tl", text);
        var saved = Path.Combine(_folder.Path, "params");
        var result = TlcRun.Invoke("train", program, "--save", saved);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error {id}", result.Stderr);
        Assert.False(Directory.Exists(saved));
    }
}
