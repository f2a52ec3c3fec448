using System.Text.Json;
using Xunit.Sdk;

namespace TensorLogic.Testing;

/// <summary>
/// Compares JSON Lines answers (as <c>JsonAnswerWriter</c> prints them) with the expected text, allowing an
/// engine the rounding of its precision and nothing else.
/// </summary>
/// <remarks>
/// Structure, property names and order, strings (symbols, "NaN", "Infinity"), booleans, shapes and the
/// integers of relation rows must match exactly. The elements of a tensor's <c>data</c> are compared as
/// reals, <c>|a - b| &lt;= tolerance * max(1, |a|, |b|)</c>: relative, with an absolute floor so that a
/// value that should be 0 may come out as the rounding error of a sum of larger terms. The JSON does not
/// say whether a tensor is an integer one (its values print as integers, but so do integral reals); below
/// 1/tolerance in magnitude any two integers still differ by more than the tolerance.
/// </remarks>
public static class AnswerAssert
{
    /// <summary>Expected and actual JSON Lines, blank lines ignored; the tolerance is the engine's.</summary>
    public static void Equivalent(string expected, string actual, EngineCase engine) =>
        Equivalent(Lines(expected), Lines(actual), engine.Tolerance, engine.Name);

    /// <summary>One JSON answer per item (an item may span lines).</summary>
    public static void Equivalent(IReadOnlyList<string> expected, IReadOnlyList<string> actual, EngineCase engine) =>
        Equivalent(expected, actual, engine.Tolerance, engine.Name);

    /// <summary>JSON Lines with an explicit tolerance, for checks stricter than an engine's.</summary>
    public static void Equivalent(string expected, string actual, double tolerance, string engine = "engine") =>
        Equivalent(Lines(expected), Lines(actual), tolerance, engine);

    public static void Equivalent(IReadOnlyList<string> expected, IReadOnlyList<string> actual, double tolerance, string engine = "engine")
    {
        if (expected.Count != actual.Count)
            throw new XunitException($"{engine}: expected {expected.Count} answers, got {actual.Count}:\n{string.Join("\n", actual)}");
        for (var i = 0; i < expected.Count; i++)
        {
            using var wantDocument = JsonDocument.Parse(expected[i]);
            using var gotDocument = JsonDocument.Parse(actual[i]);
            var where = wantDocument.RootElement.TryGetProperty("query", out var query) ? query.GetString() : $"answer {i}";
            var mismatch = Compare(wantDocument.RootElement, gotDocument.RootElement, $"{where}", tolerance, real: false);
            if (mismatch is not null)
                throw new XunitException($"{engine}: {mismatch}\n  expected: {Shorten(expected[i])}\n  actual:   {Shorten(actual[i])}");
        }
    }

    /// <summary>Whether two reals agree within a relative tolerance, with an absolute floor near 0.</summary>
    public static bool Close(double expected, double actual, double tolerance) =>
        expected == actual || Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));

    /// <summary>Answers of large tensors run to thousands of numbers; the mismatch line already says where.</summary>
    private static string Shorten(string answer) => answer.Length <= 400 ? answer : answer[..400] + " ...";

    private static List<string> Lines(string text) =>
        [.. text.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>The first difference, or null; <paramref name="real"/> marks elements of a <c>data</c> array.</summary>
    private static string? Compare(JsonElement expected, JsonElement actual, string where, double tolerance, bool real)
    {
        if (expected.ValueKind != actual.ValueKind)
            return $"{where}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!names.SequenceEqual(actualNames))
                    return $"{where}: expected properties {string.Join(", ", names)}, got {string.Join(", ", actualNames)}";
                foreach (var name in names)
                {
                    if (Compare(expected.GetProperty(name), actual.GetProperty(name), $"{where}, {name}", tolerance, real: name == "data") is { } mismatch)
                        return mismatch;
                }
                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                    return $"{where}: expected {expected.GetArrayLength()} elements, got {actual.GetArrayLength()}";
                var index = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    if (Compare(e, a, $"{where}[{index++}]", tolerance, real) is { } mismatch)
                        return mismatch;
                }
                return null;
            case JsonValueKind.Number when real:
                return Close(expected.GetDouble(), actual.GetDouble(), tolerance)
                    ? null
                    : $"{where}: expected {expected.GetDouble():R}, got {actual.GetDouble():R} (tolerance {tolerance:R})";
            case JsonValueKind.Number:
                return expected.GetDecimal() == actual.GetDecimal() ? null : $"{where}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            default:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{where}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
        }
    }
}
