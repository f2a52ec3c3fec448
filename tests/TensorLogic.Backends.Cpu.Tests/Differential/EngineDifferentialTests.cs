using System.Collections.Concurrent;
using TensorLogic.Compiler.Passes;
using TensorLogic.Runtime.Execution;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Cpu.Tests.Differential;

/// <summary>
/// The reference engine computing forward is the oracle: every example and every corrected paper program
/// runs on every other engine and chaining of <see cref="EngineMatrix"/>, and every answer must agree with
/// the oracle's (relations and truths exactly, numbers within the engine's tolerance).
/// </summary>
public class EngineDifferentialTests
{
    /// <summary>The oracle's answers, computed once per program rather than once per engine compared with it.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<RunResult>> OracleAnswers = new();

    public static TheoryData<string, string> ProgramsOnEveryEngine() =>
        EngineMatrix.Cross(ProgramPaths(), EngineMatrix.NamesButReference);

    private static IEnumerable<string> ProgramPaths()
    {
        var examples = Directory.GetFiles(Repository.PathOf("examples"), "*.tl");
        var paper = Directory.GetFiles(Repository.PathOf("tests", "fixtures", "paper", "corrected"), "*.tl");
        return examples.Concat(paper).Select(p => Path.GetRelativePath(Repository.Root, p)).Order(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ProgramsOnEveryEngine))]
    public void Every_engine_agrees_with_the_reference(string program, string engine) =>
        Compare(program, EngineMatrix.Get(engine));

    [Fact]
    public void Cpu_without_optimization_passes_agrees_with_the_reference()
    {
        var disabled = new HashSet<string> { CommonSubexpressionElimination.Name, ElementwiseFusion.Name, DeadEquationElimination.Name };
        var engine = EngineMatrix.CpuWithoutPasses(disabled);
        foreach (var program in ProgramPaths())
            Compare(program, engine);
    }

    /// <summary>
    /// CPU-specific on purpose: a guard against the CPU engine falling back to one sweep per layer. It needs
    /// float64 (3^300 overflows float32), and backward chaining runs on the reference semantics, which
    /// Runtime.Tests' index-shift tests already cover on every engine.
    /// </summary>
    [Fact]
    public void Index_shift_recursion_needs_no_sweep_per_layer_on_the_cpu_either()
    {
        var program = "A : real[301]\nB : real[301]\nA[0] = 1\nA[l+1] = A[l] + B[l]\nB[l] = 2 A[l]\nA[300]?\n";
        var result = ProgramRunner.Run(EngineMatrix.Get("cpu-f64/forward"), program, new EvaluationOptions { MaxIterations = 3 });
        Assert.Equal("", result.Diagnostics);
        // A[l+1] = 3 A[l] from A[0] = 1.
        AnswerAssert.Equivalent($$"""{"query":"A[300]?","shape":[],"data":[{{Math.Pow(3, 300):R}}]}""", result.Text, tolerance: 1e-12);
    }

    private static void Compare(string relativePath, EngineCase engine)
    {
        var path = Path.Combine(Repository.Root, relativePath);
        var expected = OracleAnswers.GetOrAdd(relativePath,
            _ => new Lazy<RunResult>(() => ProgramRunner.RunFile(EngineMatrix.Get(EngineMatrix.Reference), path))).Value;
        var actual = ProgramRunner.RunFile(engine, path);
        Assert.Equal("", actual.Diagnostics);
        AnswerAssert.Equivalent(expected.Answers, actual.Answers, engine);
    }
}
