namespace TensorLogic.Syntax.Diagnostics;

/// <summary>
/// "did you mean 'Parent'?" — the nearest known name by edit distance, if it is near enough. It lives with
/// the diagnostics because both the syntax builder (a misspelt statement word) and the binder (tensor,
/// function, type and setting names) suggest names.
/// </summary>
public static class NameSuggestions
{
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Distinct().Order(StringComparer.Ordinal))
        {
            if (candidate == name)
                continue;
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the name's length, at least one edit: "Parnt" finds "Parent", "X" does not find "Y".
        var allowed = Math.Max(1, name.Length / 3);
        return bestDistance <= allowed && name.Length > 1 ? best : null;
    }

    public static string? Help(string name, IEnumerable<string> candidates) =>
        Nearest(name, candidates) is { } nearest ? $"did you mean '{nearest}'?" : null;

    /// <summary>
    /// Edit distance where swapping two neighbouring letters counts as one edit (optimal string alignment),
    /// since "Alcie" for "Alice" is as common a slip as a missing letter.
    /// </summary>
    private static int Distance(string a, string b)
    {
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    current[j] = Math.Min(current[j], before[j - 2] + 1);
            }
            (before, previous, current) = (previous, current, before);
        }
        return previous[b.Length];
    }
}
