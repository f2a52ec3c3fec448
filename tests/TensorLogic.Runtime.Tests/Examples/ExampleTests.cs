using System.Text.Json;
using TensorLogic.Runtime.Execution;

namespace TensorLogic.Runtime.Tests.Examples;

/// <summary>
/// Every program of <c>examples/</c>, run with the reference engine by forward and by backward chaining,
/// must print the answers of an independent reference: values worked out by hand for the two tiny
/// programs below, and for the others the answers of references/make_references.py, which computes
/// each example's mathematics directly in NumPy (and the Bayesian network by enumerating every
/// assignment). Symbols, truth values, shapes and rows must match exactly; numbers to a relative 1e-9.
/// </summary>
public class ExampleTests
{
    private const double RelativeTolerance = 1e-9;

    // Results that should be exactly 0 may come out as a rounding error of a sum of larger terms.
    private const double AbsoluteTolerance = 1e-12;

    /// <summary>
    /// family.tl by hand. Parent: Bob→Charlie, Bob→Emma, Diana→Frank, Charlie→Grace; Ancestor(Alice, Bob)
    /// is a fact; Sister: Diana→Bob, Emma→Charlie. Alice's descendants are Bob, then Bob's children
    /// Charlie and Emma, then Charlie's child Grace. Grace's ancestors are Charlie, Bob and Alice. The
    /// aunts are the sisters of a parent: Diana of Charlie and Emma (Bob's children), Emma of Grace
    /// (Charlie's child). Diana is an aunt of Emma in exactly one way (through Bob); Emma is Charlie's
    /// sister, not his aunt.
    /// </summary>
    private static readonly string[] FamilyAnswers =
    [
        """{"query":"Ancestor(Alice, x)?","vars":["x"],"rows":[["Bob"],["Charlie"],["Emma"],["Grace"]]}""",
        """{"query":"Ancestor(Alice, Charlie)?","value":true}""",
        """{"query":"Ancestor(Charlie, Alice)?","value":false}""",
        """{"query":"Ancestor(x, Grace)?","vars":["x"],"rows":[["Alice"],["Bob"],["Charlie"]]}""",
        """{"query":"Aunt(x, z)?","vars":["x","z"],"rows":[["Diana","Charlie"],["Diana","Emma"],["Emma","Grace"]]}""",
        """{"query":"AuntCount[Diana, Emma]?","shape":[],"data":[1]}""",
        """{"query":"AuntStep[Diana, Emma]?","shape":[],"data":[1]}""",
        """{"query":"AuntStep[Emma, Charlie]?","shape":[],"data":[0]}""",
    ];

    /// <summary>
    /// perceptron.tl by hand: W·X = 0.2·0 + 1.9·1 - 0.7·1 + 3·0 = 1.2 > 0, so Y = 1; with the bias
    /// C = -2 the sum is -0.8, so YBiased = 0; elementwise, W[i] X[i] = [0, 1.9, -0.7, 0] steps to
    /// [0, 1, 0, 0].
    /// </summary>
    private static readonly string[] PerceptronAnswers =
    [
        """{"query":"Y?","shape":[],"data":[1]}""",
        """{"query":"Net?","shape":[],"data":[1.2]}""",
        """{"query":"YBiased?","shape":[],"data":[0]}""",
        """{"query":"YEach?","shape":[4],"data":[0,1,0,0]}""",
    ];

    private static readonly string[] ExampleNames =
    [
        "family.tl",
        "perceptron.tl",
        "mlp.tl",
        "rnn.tl",
        "cnn.tl",
        "gnn.tl",
        "attention.tl",
        "transformer.tl",
        "kernels.tl",
        "bayes.tl",
        "embedding.tl",
    ];

    public static TheoryData<string> Examples => new(ExampleNames);

    public static TheoryData<string, Chaining> ExamplesByChaining
    {
        get
        {
            var data = new TheoryData<string, Chaining>();
            foreach (var example in ExampleNames)
            {
                data.Add(example, Chaining.Forward);
                data.Add(example, Chaining.Backward);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ExamplesByChaining))]
    public void Answers_match_the_reference(string example, Chaining chaining)
    {
        var expected = ExpectedAnswers(example);
        var actual = ExampleRunner.Run(example, chaining);

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            using var want = JsonDocument.Parse(expected[i]);
            using var got = JsonDocument.Parse(actual[i]);
            var query = want.RootElement.GetProperty("query").GetString();
            AssertEquivalent(want.RootElement, got.RootElement, $"{example}, {query}");
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Forward_and_backward_chaining_agree(string example)
    {
        var forward = ExampleRunner.Run(example, Chaining.Forward);
        var backward = ExampleRunner.Run(example, Chaining.Backward);

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Every_example_is_tested()
    {
        var files = Directory.GetFiles(Path.Combine(ExampleRunner.RepositoryRoot, "examples"), "*.tl")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(files, ExampleNames.Order(StringComparer.Ordinal));
    }

    /// <summary>The expected JSON object of each query, in program order.</summary>
    private static IReadOnlyList<string> ExpectedAnswers(string example)
    {
        switch (example)
        {
            case "family.tl":
                return FamilyAnswers;
            case "perceptron.tl":
                return PerceptronAnswers;
            default:
                var path = ExampleRunner.ReferencePath(Path.ChangeExtension(example, ".json"));
                using (var document = JsonDocument.Parse(File.ReadAllText(path)))
                    return [.. document.RootElement.EnumerateArray().Select(answer => answer.GetRawText())];
        }
    }

    private static void AssertEquivalent(JsonElement expected, JsonElement actual, string where)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{where}: expected {expected}, got {actual}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(names, actual.EnumerateObject().Select(p => p.Name).ToList());
                foreach (var name in names)
                    AssertEquivalent(expected.GetProperty(name), actual.GetProperty(name), $"{where}, {name}");
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{where}: expected {expected.GetArrayLength()} elements, got {actual.GetArrayLength()}");
                var index = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                    AssertEquivalent(e, a, $"{where}[{index++}]");
                break;
            case JsonValueKind.Number:
                var want = expected.GetDouble();
                var got = actual.GetDouble();
                var difference = Math.Abs(want - got);
                Assert.True(
                    difference <= RelativeTolerance * Math.Max(Math.Abs(want), Math.Abs(got)) || difference <= AbsoluteTolerance,
                    $"{where}: expected {want:R}, got {got:R}");
                break;
            default:
                Assert.True(expected.ToString() == actual.ToString(), $"{where}: expected {expected}, got {actual}");
                break;
        }
    }
}
