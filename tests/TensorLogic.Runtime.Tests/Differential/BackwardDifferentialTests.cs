using System.Diagnostics;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Output;
using TensorLogic.Syntax.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TensorLogic.Runtime.Tests.Differential;

/// <summary>
/// Random stratified Datalog programs (<see cref="StratifiedProgramGenerator"/>), each answered forward by
/// the reference engine (the oracle) and by backward chaining: every answer must be identical. TL_LONG=1
/// runs a campaign of many more programs.
/// </summary>
public class BackwardDifferentialTests(ITestOutputHelper output)
{
    private static int Programs => Environment.GetEnvironmentVariable("TL_LONG") == "1" ? 100_000 : 2_000;

    [Fact]
    public void Backward_chaining_agrees_with_forward_on_random_stratified_programs()
    {
        var clock = Stopwatch.StartNew();
        var skipped = 0;
        var queries = 0;
        for (var seed = 0; seed < Programs; seed++)
        {
            var program = StratifiedProgramGenerator.Generate(seed);
            if (Compile(program.Lines) is not { } bound)
            {
                skipped++;
                continue;
            }
            if (Disagreement(bound) is { } first)
            {
                var smallest = Shrink(program.Lines);
                throw new XunitException(
                    $"seed {seed}: {first}\nprogram:\n{program.Text}\nsmallest program that disagrees:\n{string.Join("\n", smallest)}\n" +
                    $"  {Disagreement(Compile(smallest)!)}");
            }
            queries += bound.Outputs.Length;
        }
        output.WriteLine($"{Programs} programs, {skipped} rejected by the checker, {queries} queries, {clock.Elapsed.TotalSeconds:F1} s");
        // The generator builds safe, stratified programs: the checker should reject almost none.
        Assert.True(skipped <= Programs / 50, $"{skipped} of {Programs} programs did not check");
    }

    [Fact]
    public void The_cpu_engines_joins_agree_with_the_reference_on_random_stratified_programs()
    {
        // The CPU engine joins rules with its own kernel (delta atoms first, through the indexes); the
        // reference enumerates bindings. Half as many programs: each is one forward run per engine.
        var cpu = TensorLogic.Testing.EngineMatrix.Get("cpu").Engine;
        for (var seed = 0; seed < Programs / 2; seed++)
        {
            var program = StratifiedProgramGenerator.Generate(seed);
            if (Compile(program.Lines) is not { } bound)
                continue;
            var reference = Answers(bound, Chaining.Forward);
            var joined = Answers(bound, Chaining.Forward, cpu);
            for (var i = 0; i < reference.Count; i++)
                Assert.True(reference[i] == joined[i], $"seed {seed}: reference {reference[i]}\n  cpu {joined[i]}\nprogram:\n{program.Text}");
        }
    }

    [Fact]
    public void The_generator_is_deterministic_and_varied()
    {
        Assert.Equal(StratifiedProgramGenerator.Generate(7).Text, StratifiedProgramGenerator.Generate(7).Text);
        var texts = Enumerable.Range(0, 200).Select(s => StratifiedProgramGenerator.Generate(s).Text).ToList();
        Assert.Equal(200, texts.Distinct().Count());
        Assert.Contains(texts, t => t.Contains("not "));
        Assert.Contains(texts, t => t.Contains("!="));
    }

    [Fact]
    public void A_disagreement_is_found_when_backward_answers_differ()
    {
        // The comparison itself must be able to fail: answers that differ in any character disagree.
        var agreeing = Compile(["R(A, B)", "R(B, C)", "R(x, y)?", "R(B, y)?"]);
        Assert.NotNull(agreeing);
        Assert.Null(Disagreement(agreeing!, (bound, chaining) => Answers(bound, chaining)));
        Assert.NotNull(Disagreement(agreeing!, (bound, chaining) =>
            chaining == Chaining.Forward ? Answers(bound, chaining) : [.. Answers(bound, chaining).Select(a => a + " ")]));
    }

    private static BoundProgram? Compile(IReadOnlyList<string> lines)
    {
        var compiled = Compilation.Compile([new SourceText(string.Join("\n", lines) + "\n", "random.tl")], new DataFileReader());
        return compiled.Bound is { } bound && bound.Outputs.Length > 0 ? bound : null;
    }

    private static string? Disagreement(BoundProgram bound) => Disagreement(bound, Answers);

    private static string? Disagreement(BoundProgram bound, Func<BoundProgram, Chaining, List<string>> answers)
    {
        var forward = answers(bound, Chaining.Forward);
        var backward = answers(bound, Chaining.Backward);
        for (var i = 0; i < forward.Count; i++)
        {
            if (forward[i] != backward[i])
                return $"forward {forward[i]}\n  backward {backward[i]}";
        }
        return null;
    }

    private static List<string> Answers(BoundProgram bound, Chaining chaining) => Answers(bound, chaining, ReferenceEngine.Instance);

    private static List<string> Answers(BoundProgram bound, Chaining chaining, IEngine engine)
    {
        using var session = new Session(bound, engine, new EvaluationOptions { Chaining = chaining });
        return [.. session.Run().OfType<AnswerResult>().Select(a => JsonAnswerWriter.Format(a.Answer))];
    }

    /// <summary>Drops lines while the program still checks and still disagrees, until no single line can go.</summary>
    private static List<string> Shrink(IReadOnlyList<string> lines)
    {
        var current = lines.ToList();
        for (var progress = true; progress;)
        {
            progress = false;
            for (var i = current.Count - 1; i >= 0; i--)
            {
                var candidate = current.Where((_, j) => j != i).ToList();
                if (Compile(candidate) is { } bound && Disagreement(bound) is not null)
                {
                    current = candidate;
                    progress = true;
                }
            }
        }
        return current;
    }
}
