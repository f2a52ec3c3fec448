using System.Globalization;
using System.Text.RegularExpressions;

namespace TensorLogic.Tlc.Tests.Fuzzing;

/// <summary>
/// Compares two engines' printed answers: the same text, except that numbers may differ by float rounding
/// within the tolerance given, and infinities and NaN must agree exactly.
/// </summary>
internal static partial class AnswerComparison
{
    [GeneratedRegex(@"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|-?Infinity|NaN|[^\s\d.-]+|\S")]
    private static partial Regex Token();

    /// <summary>Null when the answers agree, else the first pair of tokens that differ.</summary>
    public static string? Difference(string expected, string actual, double tolerance)
    {
        var left = Token().Matches(expected).Select(m => m.Value).ToList();
        var right = Token().Matches(actual).Select(m => m.Value).ToList();
        for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var a = i < left.Count ? left[i] : "(end)";
            var b = i < right.Count ? right[i] : "(end)";
            if (!Same(a, b, tolerance))
                return $"token {i}: '{a}' against '{b}'";
        }
        return null;
    }

    private static bool Same(string a, string b, double tolerance)
    {
        if (a == b)
            return true;
        if (!double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            || !double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return false;
        if (!double.IsFinite(x) || !double.IsFinite(y))
            return x.Equals(y);
        return Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
    }
}
