using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Reference;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Cpu.Tests.Differential;

/// <summary>
/// The reference engine is the oracle: every example and every corrected paper program runs on the
/// CPU engine in float32 and float64, and every answer must agree with the reference's (relations and
/// truths exactly, numbers within 1e-4 relative for float32 and 1e-9 for float64).
/// </summary>
public class EngineDifferentialTests
{
    public static TheoryData<string> Programs() => [.. ProgramPaths()];

    private static IEnumerable<string> ProgramPaths()
    {
        var examples = Directory.GetFiles(Repository.PathOf("examples"), "*.tl");
        var paper = Directory.GetFiles(Repository.PathOf("tests", "fixtures", "paper", "corrected"), "*.tl");
        return examples.Concat(paper).Select(p => Path.GetRelativePath(Repository.Root, p)).Order(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Cpu_float32_agrees_with_the_reference(string program) => Compare(program, new CpuEngine(Precision.Single), 1e-4);

    [Theory]
    [MemberData(nameof(Programs))]
    public void Cpu_float64_agrees_with_the_reference(string program) => Compare(program, new CpuEngine(Precision.Double), 1e-9);

    [Fact]
    public void Cpu_without_optimization_passes_agrees_with_the_reference()
    {
        var disabled = new HashSet<string> { "cse", "fuse-elementwise", "dead-equations" };
        foreach (var program in ProgramPaths())
            Compare(program, new CpuEngine(Precision.Double, disabledPasses: disabled), 1e-9);
    }

    [Fact]
    public void Index_shift_recursion_needs_no_sweep_per_layer_on_the_cpu_either()
    {
        var program = "A : real[301]\nB : real[301]\nA[0] = 1\nA[l+1] = A[l] + B[l]\nB[l] = 2 A[l]\nA[300]?\n";
        var bound = Compilation.Compile([new SourceText(program, "shift.tl")], null).Bound!;
        var session = new Session(bound, new CpuEngine(Precision.Double), new EvaluationOptions { MaxIterations = 3 });
        var answer = (TensorAnswer)((AnswerResult)session.Run().Single()).Answer;
        Assert.Equal("", DiagnosticFormatter.Format(session.Diagnostics.ToSortedArray()));
        // A[l+1] = 3 A[l] from A[0] = 1.
        Assert.Equal(Math.Pow(3, 300), answer.Data[0], Math.Pow(3, 300) * 1e-12);
    }

    private static void Compare(string relativePath, IEngine engine, double tolerance)
    {
        var path = Path.Combine(Repository.Root, relativePath);
        var compiled = Compilation.Compile([new SourceText(File.ReadAllText(path), path)], new DataFileReader());
        Assert.True(compiled.Bound is not null, DiagnosticFormatter.Format(compiled.Diagnostics));
        var options = new EvaluationOptions { Chaining = Chaining.Forward };
        var expected = new Session(compiled.Bound!, ReferenceEngine.Instance, options).Run().ToList();
        var session = new Session(compiled.Bound!, engine, options);
        var actual = session.Run().ToList();
        Assert.Equal("", DiagnosticFormatter.Format(session.Diagnostics.ToSortedArray()));
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i] is not AnswerResult { Answer: var want } || actual[i] is not AnswerResult { Answer: var got })
                continue;
            switch (want, got)
            {
                case (TensorAnswer a, TensorAnswer b):
                    Assert.Equal(a.Shape.ToArray(), b.Shape.ToArray());
                    for (var k = 0; k < a.Data.Length; k++)
                    {
                        var scale = Math.Max(1, Math.Abs(a.Data[k]));
                        Assert.True(Math.Abs(a.Data[k] - b.Data[k]) <= tolerance * scale,
                            $"{relativePath}: {a.Query.Text} element {k}: reference {a.Data[k]:R}, {engine.Name} {b.Data[k]:R}");
                    }
                    break;
                case (RowsAnswer a, RowsAnswer b):
                    Assert.Equal(a.Rows.Select(r => string.Join(",", r)), b.Rows.Select(r => string.Join(",", r)));
                    break;
                case (TruthAnswer a, TruthAnswer b):
                    Assert.Equal(a.Value, b.Value);
                    break;
                default:
                    Assert.Fail($"{relativePath}: {want.Query.Text} answered as {want.GetType().Name} by the reference, {got.GetType().Name} by {engine.Name}");
                    break;
            }
        }
    }
}
