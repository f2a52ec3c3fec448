using System.Diagnostics;
using System.Text.Json;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Output;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Bench;

/// <summary>
/// <c>differential</c>: the programs the engine differential test runs (examples/*.tl and the corrected paper
/// programs) on two engines, answers compared as that test compares them. It exists for a machine where the
/// test suite cannot run (no .NET) but the GPU is: one line per program, and an equation the engine declined
/// (computed by the reference provider instead) is counted, not failed.
/// </summary>
public static class Differential
{
    public static IEnumerable<string> Programs(string root) =>
        Directory.GetFiles(Path.Combine(root, "examples"), "*.tl")
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "fixtures", "paper", "corrected"), "*.tl"))
            .Select(p => Path.GetRelativePath(root, p))
            .Order(StringComparer.Ordinal);

    /// <summary>Prints a line per program and a summary; 0 when none failed.</summary>
    public static int Run(string root, string engineName, string againstName, double tolerance, int threads)
    {
        var engine = Engines.Create(engineName, threads);
        var against = Engines.Create(againstName, threads);
        int passed = 0, failed = 0, declined = 0;
        foreach (var program in Programs(root))
        {
            var path = Path.Combine(root, program);
            var clock = Stopwatch.StartNew();
            string verdict;
            try
            {
                var expected = Answers(path, against);
                var actual = Answers(path, engine);
                var mismatch = expected.Errors ?? actual.Errors ?? AnswerComparer.FirstDifference(expected.Answers, actual.Answers, tolerance);
                verdict = mismatch is null ? "PASS" : "FAIL";
                var declines = actual.Declines.Count == 0 ? ""
                    : $" — {string.Join("; ", actual.Declines.GroupBy(d => d).Select(g => $"{g.Count()}× {g.Key}"))}";
                Console.WriteLine($"{verdict,-5} {program,-48} declined {actual.Declines.Count} of {actual.Equations} equations"
                    + $" ({clock.Elapsed.TotalSeconds:F1} s){declines}");
                if (mismatch is not null)
                    Console.WriteLine($"      {mismatch}");
                declined += actual.Declines.Count > 0 ? 1 : 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                verdict = "FAIL";
                Console.WriteLine($"FAIL  {program,-48} {e.GetType().Name}: {e.Message}");
            }
            (passed, failed) = verdict == "PASS" ? (passed + 1, failed) : (passed, failed + 1);
        }
        Console.WriteLine($"differential {engine.Name} vs {against.Name}, relative tolerance {tolerance:R}: {passed} passed, {failed} failed, {declined} with declined equations");
        return failed == 0 ? 0 : 1;
    }

    private sealed record Outcome(IReadOnlyList<string> Answers, IReadOnlyList<string> Declines, int Equations, string? Errors);

    /// <summary>Every query's answer as JSON, in source order, the way <c>tlc run</c> answers them.</summary>
    private static Outcome Answers(string path, IEngine engine)
    {
        var compiled = Compilation.Compile([new SourceText(File.ReadAllText(path), path)], new DataFileReader());
        if (compiled.Bound is not { } bound)
            return new([], [], 0, $"{engine.Name}: does not check: {string.Join(" | ", compiled.Diagnostics)}");
        using var session = new Session(bound, engine, new EvaluationOptions());
        // Formatted while the session lives: its tensors are given back when it is disposed.
        var answers = session.Run().OfType<AnswerResult>().Select(a => JsonAnswerWriter.Format(a.Answer)).ToList();
        var errors = session.Diagnostics.HasErrors ? $"{engine.Name}: {string.Join(" | ", session.Diagnostics.ToSortedArray())}" : null;
        var equations = session.Ir.Strata.Sum(s => s.Equations.Length);
        return new(answers, [.. session.Declines.Select(d => d.Reason)], equations, errors);
    }
}

/// <summary>
/// The comparison of tests/TensorLogic.Testing/AnswerAssert (which needs xunit, so it is not referenced):
/// structure, names, strings and integers exactly; a tensor's <c>data</c> as reals within a relative
/// tolerance with an absolute floor of the tolerance near 0.
/// </summary>
public static class AnswerComparer
{
    public static string? FirstDifference(IReadOnlyList<string> expected, IReadOnlyList<string> actual, double tolerance)
    {
        if (expected.Count != actual.Count)
            return $"expected {expected.Count} answers, got {actual.Count}";
        for (var i = 0; i < expected.Count; i++)
        {
            using var want = JsonDocument.Parse(expected[i]);
            using var got = JsonDocument.Parse(actual[i]);
            var where = want.RootElement.TryGetProperty("query", out var query) ? query.GetString() ?? $"answer {i}" : $"answer {i}";
            if (Compare(want.RootElement, got.RootElement, where, tolerance, real: false) is { } difference)
                return difference;
        }
        return null;
    }

    private static string? Compare(JsonElement expected, JsonElement actual, string where, double tolerance, bool real)
    {
        if (expected.ValueKind != actual.ValueKind)
            return $"{where}: expected {Short(expected)}, got {Short(actual)}";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                if (!names.SequenceEqual(actual.EnumerateObject().Select(p => p.Name)))
                    return $"{where}: the properties differ";
                return names.Select(n => Compare(expected.GetProperty(n), actual.GetProperty(n), $"{where}, {n}", tolerance, n == "data"))
                    .FirstOrDefault(d => d is not null);
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                    return $"{where}: expected {expected.GetArrayLength()} elements, got {actual.GetArrayLength()}";
                return expected.EnumerateArray().Zip(actual.EnumerateArray())
                    .Select((pair, i) => Compare(pair.First, pair.Second, $"{where}[{i}]", tolerance, real))
                    .FirstOrDefault(d => d is not null);
            case JsonValueKind.Number when real:
                double e = expected.GetDouble(), a = actual.GetDouble();
                return e == a || Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Max(Math.Abs(e), Math.Abs(a)))
                    ? null : $"{where}: expected {e:R}, got {a:R}";
            case JsonValueKind.Number:
                return expected.GetDecimal() == actual.GetDecimal() ? null : $"{where}: expected {Short(expected)}, got {Short(actual)}";
            default:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{where}: expected {Short(expected)}, got {Short(actual)}";
        }
    }

    private static string Short(JsonElement element) => element.GetRawText() is { Length: > 120 } text ? text[..120] + " ..." : element.GetRawText();
}
