using System.Text.Json;
using TensorLogic.Runtime.Execution;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Examples;

/// <summary>
/// Every program of <c>examples/</c>, run on every engine by forward and by backward chaining, must print
/// the answers of an independent reference: values worked out by hand for the three small programs below,
/// and for the others the answers of references/make_references.py, which computes each example's
/// mathematics directly in NumPy (and the Bayesian network by enumerating every assignment), or for
/// the examples of the standard library's modules and asia.tl of tools/make_stdlib_fixtures.py (PyTorch's
/// layers, NumPy, enumeration of the asia network's assignments). Symbols,
/// truth values, shapes and rows must match exactly; numbers within the engine's tolerance
/// (<see cref="AnswerAssert"/>).
/// </summary>
public class ExampleTests
{
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

    /// <summary>
    /// graphs.tl (two instances of stdlib/std/logic.tl) by hand. Family: Ann's children are Bob and Cid, their
    /// children Dan (Bob's) and Eve (Cid's), so Ann's descendants are those four; Bob and Cid are siblings and
    /// Dan and Eve cousins, each pair in both orders; from the founder Ann, Gus and his child Hal are never
    /// reached. Roads: from the depot Yard the trucks reach Mill, then Town (and Mill again); Quay only has a
    /// road out, so it is the one node not reached; Town -> Mill -> Town is a cycle, so Path(Town, Town).
    /// </summary>
    private static readonly string[] GraphsAnswers =
    [
        """{"query":"family.Path(Ann, x)?","vars":["x"],"rows":[["Bob"],["Cid"],["Dan"],["Eve"]]}""",
        """{"query":"family.SameGeneration(x, y)?","vars":["x","y"],"rows":[["Bob","Cid"],["Cid","Bob"],["Dan","Eve"],["Eve","Dan"]]}""",
        """{"query":"family.Unreached(x)?","vars":["x"],"rows":[["Gus"],["Hal"]]}""",
        """{"query":"roads.Reach(x)?","vars":["x"],"rows":[["Mill"],["Town"],["Yard"]]}""",
        """{"query":"roads.Unreached(x)?","vars":["x"],"rows":[["Quay"]]}""",
        """{"query":"roads.Path(Town, Town)?","value":true}""",
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
        "graphs.tl",
        "classifier.tl",
        "gpt.tl",
        "grid.tl",
        "asia.tl",
        "svm.tl",
        "edges.tl",
        "sequence.tl",
        "graphnet.tl",
        "aunts.tl",
        "invention.tl",
        "diagnosis.tl",
    ];

    public static TheoryData<string, string> ExamplesOnEveryEngine => EngineMatrix.Cross(ExampleNames);

    [Theory]
    [MemberData(nameof(ExamplesOnEveryEngine))]
    public void Answers_match_the_reference(string example, string engine)
    {
        var run = EngineMatrix.Get(engine);
        var result = ProgramRunner.RunFile(run, Repository.PathOf("examples", example));

        // Examples are meant to be read as models of good programs: not even a warning is acceptable.
        Assert.Equal("", result.CompileDiagnostics);
        Assert.Equal("", result.Diagnostics);
        Assert.Equal(0, result.Writes);
        AnswerAssert.Equivalent(ExpectedAnswers(example), result.Answers, run);
    }

    public static TheoryData<string, string> ExamplesOnEveryEngineForward => EngineMatrix.Cross(ExampleNames, EngineMatrix.EngineNames);

    /// <summary>As <c>tlc run</c> runs them: values no later output needs are given back after their last reader.</summary>
    [Theory]
    [MemberData(nameof(ExamplesOnEveryEngineForward))]
    public void Answers_match_the_reference_when_intermediates_are_released(string example, string engine)
    {
        var run = EngineMatrix.Get(engine);
        var result = ProgramRunner.RunFile(run, Repository.PathOf("examples", example), new EvaluationOptions { ReleaseIntermediates = true });

        Assert.Equal("", result.Diagnostics);
        AnswerAssert.Equivalent(ExpectedAnswers(example), result.Answers, run);
    }

    [Fact]
    public void Every_example_is_tested()
    {
        var files = Directory.GetFiles(Repository.PathOf("examples"), "*.tl")
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
            case "graphs.tl":
                return GraphsAnswers;
            default:
                var path = Repository.PathOf("tests", "TensorLogic.Runtime.Tests", "Examples", "references", Path.ChangeExtension(example, ".json"));
                using (var document = JsonDocument.Parse(File.ReadAllText(path)))
                    return [.. document.RootElement.EnumerateArray().Select(answer => answer.GetRawText())];
        }
    }
}
