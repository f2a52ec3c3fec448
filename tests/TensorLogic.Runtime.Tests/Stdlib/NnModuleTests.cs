using System.Globalization;
using System.Text.Json;
using TensorLogic.Compiler;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Stdlib;

/// <summary>
/// stdlib/std/nn.tl: two instances of different sizes on one input, each with its own weights, against the
/// network computed here with plain loops; and its parameters sizing the weights it declares.
/// </summary>
public sealed class NnModuleTests
{
    private static readonly double[][] Points = [[1, -2, 0.5], [0, 1, 1], [-1, 0.5, 2], [2, 2, -1]];

    private static readonly Weights Small = new(
        [[0.2, -0.4, 1], [-1, 0.5, 0.3]], [0.1, -0.2],
        [[1, -1], [0.5, 0.25], [-0.3, 0.8]], [0, 0.1, -0.1]);

    private static readonly Weights Large = new(
        [[0.5, 0.5, 0.5], [-0.5, 1, 0], [1, 0, -1], [0.1, -0.1, 0.2]], [0, 0, 0.5, -0.2],
        [[1, 0, -1, 2], [-1, 1, 0.5, 0]], [0.3, -0.3]);

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Two_instances_compute_their_own_networks(string engine)
    {
        var program = $"""
            import "std/nn.tl" as small with X=P, In=3, Hidden=2, Out=3
            import "std/nn.tl" as large with X=P, In=3, Hidden=4, Out=2
            P = {Literal(Points)}
            {Small.Statements("small")}
            {Large.Statements("large")}
            small.Probs[n, o]?
            large.Probs[n, o]?
            large.H[n, h]?
            """;

        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, program);

        AnswerAssert.Equivalent(string.Join("\n",
            Answer("small.Probs[n, o]?", Small.Probabilities(Points)),
            Answer("large.Probs[n, o]?", Large.Probabilities(Points)),
            Answer("large.H[n, h]?", Large.Hidden(Points))), json, run);
    }

    [Fact]
    public void The_probabilities_of_each_example_add_up_to_one_and_differ_between_the_instances()
    {
        var small = Small.Probabilities(Points);
        var large = Large.Probabilities(Points);

        Assert.All(small.Concat(large), row => Assert.Equal(1, row.Sum(), 12));
        Assert.NotEqual(small[0][0], large[0][0]);
        Assert.Contains(Large.Hidden(Points).SelectMany(r => r), v => v == 0);
    }

    [Fact]
    public void The_parameters_size_the_weights_the_module_declares()
    {
        var program = $"import \"std/nn.tl\" as small with X=P, In=3, Hidden=3, Out=3\nP = {Literal(Points)}\n{Small.Statements("small")}\nsmall.Probs?";

        var result = Compilation.Compile([new SourceText(program, "main.tl")], null);

        Assert.Contains(result.Diagnostics, d => d.Id == "TL2005" && d.Message.Contains("small.W1"));
    }

    private static string Answer(string query, double[][] rows) =>
        JsonSerializer.Serialize(new { query, shape = new[] { rows.Length, rows[0].Length }, data = rows.SelectMany(r => r) });

    private static string Literal(double[][] rows) =>
        "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]")) + "]";

    private static string Literal(double[] row) => "[" + string.Join(", ", row.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>An MLP's weights: W1[h][i], B1[h], W2[o][h], B2[o], as nn.tl indexes them.</summary>
    private sealed record Weights(double[][] W1, double[] B1, double[][] W2, double[] B2)
    {
        public string Statements(string instance) =>
            $"{instance}.W1 = {Literal(W1)}\n{instance}.B1 = {Literal(B1)}\n{instance}.W2 = {Literal(W2)}\n{instance}.B2 = {Literal(B2)}";

        public double[][] Hidden(double[][] x) =>
            [.. x.Select(row => W1.Select((w, h) => Math.Max(0, w.Zip(row, (a, b) => a * b).Sum() + B1[h])).ToArray())];

        public double[][] Probabilities(double[][] x) =>
            [.. Hidden(x).Select(hidden =>
            {
                var scores = W2.Select((w, o) => w.Zip(hidden, (a, b) => a * b).Sum() + B2[o]).ToArray();
                var exps = scores.Select(s => Math.Exp(s - scores.Max())).ToArray();
                return exps.Select(e => e / exps.Sum()).ToArray();
            })];
    }
}
