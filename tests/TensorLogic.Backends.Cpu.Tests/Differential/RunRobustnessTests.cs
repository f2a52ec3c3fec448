using System.Diagnostics;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Cpu.Tests.Differential;

/// <summary>
/// Running must never throw either: mutants of the examples and paper programs that still check are run on
/// both engines and in both chainings, with a small iteration limit so that no mutant can run long. A
/// tensor too large to store is the one expected refusal (it is reported as TL5007 by the command line).
/// </summary>
public class RunRobustnessTests
{
    private static readonly string[] Replacements =
    [
        "x", "y", "i", "j", "A", "W", "S", "0", "3", "[", "]", "(", ")", ",", "+", "-", "/", "*", "^", "=", "max=", "avg=",
        "min=", "<-", "not ", "?", "softmax(", "sig(", "Even(", "p'.", "1", "2", "l+1", "t+1", "x/2", "relu(",
    ];

    [Fact]
    public void Mutated_programs_run_on_every_engine_without_throwing()
    {
        var seeds = Directory.GetFiles(Repository.PathOf("examples"), "*.tl")
            .Concat(Directory.GetFiles(Repository.PathOf("tests", "fixtures", "paper", "corrected"), "*.tl"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var random = new Random(20261122);
        var ran = 0;
        for (var n = 0; n < 600; n++)
        {
            var path = seeds[n % seeds.Count];
            var text = Mutate(File.ReadAllLines(path).ToList(), random);
            var compiled = Compilation.Compile([new SourceText(text, path)], new DataFileReader());
            if (compiled.HasErrors)
                continue;
            ran++;
            foreach (var engine in new[] { EngineMatrix.Get("reference").Engine, EngineMatrix.Get("cpu").Engine })
                RunAll(compiled.Bound!, engine, text);
        }
        Assert.True(ran > 100, $"only {ran} mutants checked clean");
    }

    private static void RunAll(BoundProgram program, IEngine engine, string text)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var session = new Session(program, engine, new EvaluationOptions { MaxIterations = 30 });
            foreach (var query in program.Outputs.OfType<BoundQuery>())
            {
                session.Answer(query, Chaining.Forward);
                session.Answer(query, Chaining.Backward);
            }
        }
        catch (TensorTooLargeException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{engine.Name} threw {e.GetType().Name} on:\n{text}\n{e}");
        }
        // A hang detector, with the fuzzer's 30 s: a mutant of the belief-propagation example took 10.9 s on the
        // reference engine while the 2-core machine ran other tests.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"{engine.Name} took {watch.Elapsed} on:\n{text}");
    }

    private static string Mutate(List<string> lines, Random random)
    {
        for (var edits = random.Next(1, 3); edits > 0 && lines.Count > 0; edits--)
        {
            var at = random.Next(lines.Count);
            var line = lines[at];
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("//"))
            {
                lines.RemoveAt(at);
                continue;
            }
            var start = random.Next(line.Length);
            var length = random.Next(0, Math.Min(3, line.Length - start) + 1);
            lines[at] = line[..start] + Replacements[random.Next(Replacements.Length)] + line[(start + length)..];
        }
        return string.Join('\n', lines);
    }
}
