using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// Each program of <c>examples/learning/</c> learns what its header says: <c>tlc train</c> runs it in-process
/// with the settings and seed of its <c>learn</c> statement and saves the learned tensors, then the quality
/// is read from the training's closing lines (held-out accuracy) or from <c>tlc run --params</c>.
/// </summary>
public sealed partial class LearningExampleTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Xor_is_learned()
    {
        var (_, answers) = TrainThenRun("xor.tl");

        Assert.InRange(Number(answers["Loss?"]), 0, 0.01);
        Assert.Equal([0.0, 1.0, 1.0, 0.0], Numbers(answers["O?"]).Select(o => Math.Round(o)));
    }

    [Fact]
    public void The_rnn_tells_the_majority_bit_of_held_out_sequences()
    {
        var (training, answers) = TrainThenRun("rnn.tl");

        Assert.InRange(ValidationAccuracy(training), 0.95, 1);
        Assert.InRange(Number(answers["Accuracy?"]), 0.95, 1);
    }

    [Fact]
    public void The_gnn_classifies_nodes_whose_labels_it_never_saw()
    {
        var (_, answers) = TrainThenRun("gnn.tl");

        Assert.InRange(Number(answers["TestAccuracy?"]), 0.95, 1);
        Assert.Equal(1, Number(answers["TrainAccuracy?"]));
    }

    [Fact]
    public void The_kernel_machine_separates_the_rings()
    {
        var (training, answers) = TrainThenRun("kernel.tl");

        Assert.InRange(ValidationAccuracy(training), 0.95, 1);
        var (origin, ring) = (Numbers(answers["OQ?"])[0], Numbers(answers["OQ?"])[1]);
        Assert.True(origin > 0.9 && ring < 0.1, $"OQ = [{origin}, {ring}]");
    }

    [Fact]
    public void The_tucker_decomposition_reconstructs_its_tensor()
    {
        var (_, answers) = TrainThenRun("tucker.tl");

        Assert.InRange(Number(answers["RelativeError?"]), 0, 1e-6);
    }

    [Fact]
    public void Learned_embeddings_infer_by_analogy_at_a_positive_temperature_and_deduce_at_zero()
    {
        var (_, answers) = TrainThenRun("analogy.tl");

        string[][] aunts = [["Ann", "Carl"], ["Rose", "Sam"]];
        Assert.Equal(aunts, Rows(answers["Aunt(x, z)?"]));
        // T = 0: exactly the symbolic relation; Beth, whom no fact makes Bob's sister, is not Carl's aunt.
        Assert.Equal(aunts, Rows(answers["DeducedAunt(x, z)?"]));
        // T = 0.1: Beth borrows the inference of her twin Ann, and nothing else passes.
        Assert.Equal([["Ann", "Carl"], ["Beth", "Carl"], ["Rose", "Sam"]], Rows(answers["SoftAunt(x, z)?"]));
        var analogy = Number(answers["Soft[Beth, Carl]?"]);
        var others = Numbers(answers["Soft?"]).Where(v => v < analogy).Max();
        Assert.True(analogy > 0.2 && analogy > 10 * others, $"Soft(Beth, Carl) = {analogy}, the largest unsupported pair {others}");
    }

    [Fact]
    public void The_transformer_learns_to_repeat()
    {
        var (training, answers) = TrainThenRun("transformer.tl");

        Assert.InRange(ValidationAccuracy(training), 0.99, 1);
        Assert.InRange(Number(answers["Accuracy?"]), 0.99, 1);
    }

    /// <summary>Trains the example, saving its tensors, then runs it with them; the training's output and the answers by query.</summary>
    private (string Training, Dictionary<string, JsonElement> Answers) TrainThenRun(string example)
    {
        var program = Repository.PathOf("examples", "learning", example);
        var parameters = Path.Combine(_folder.Path, Path.GetFileNameWithoutExtension(example));
        var training = TlcRun.Invoke("train", program, "--save", parameters);
        Assert.True(training.ExitCode == 0 && training.Stderr == "", $"tlc train {example}:\n{training.Stderr}");
        var run = TlcRun.Invoke("run", program, "--params", parameters, "--format", "json");
        Assert.True(run.ExitCode == 0 && run.Stderr == "", $"tlc run {example}:\n{run.Stderr}");
        var answers = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(answer => answer.GetProperty("query").GetString()!);
        return (training.Stdout, answers);
    }

    /// <summary>The share printed as <c>validation accuracy 98.0% (102 held-out examples)</c>.</summary>
    private static double ValidationAccuracy(string training)
    {
        var match = ValidationLine().Match(training);
        Assert.True(match.Success, "no validation accuracy in:\n" + training);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 100;
    }

    private static double Number(JsonElement answer) => Numbers(answer).Single();

    private static double[] Numbers(JsonElement answer) => [.. answer.GetProperty("data").EnumerateArray().Select(v => v.GetDouble())];

    private static string[][] Rows(JsonElement answer) =>
        [.. answer.GetProperty("rows").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetString()!).ToArray())];

    [GeneratedRegex(@"^validation accuracy ([0-9.]+)%", RegexOptions.Multiline)]
    private static partial Regex ValidationLine();
}
