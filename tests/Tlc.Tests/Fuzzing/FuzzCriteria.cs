using System.Text.RegularExpressions;

namespace TensorLogic.Tlc.Tests.Fuzzing;

/// <summary>
/// What every input must give, however broken (issue 13): exit code 0, 1 or 2 only; no stack trace or
/// internal error; every error a diagnostic with an id, at <c>file:line:col</c> or, for what has no place in
/// a source (a file that cannot be read), as <c>tlc: error TLnnnn</c>; an answer within the time limit.
/// </summary>
internal static partial class FuzzCriteria
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"^(\S.*:\d+:\d+|tlc): error TL\d{4}: ")]
    private static partial Regex LocatedError();

    /// <summary>Runs tlc on a thread of its own and says what is wrong with the result, or null when nothing is.</summary>
    public static string? Check(params string[] args)
    {
        var run = Task.Run(() => TlcRun.Invoke(args));
        if (!run.Wait(TimeLimit))
            return $"no answer within {TimeLimit.TotalSeconds} s";
        return Violation(run.Result);
    }

    public static string? Violation(TlcResult result)
    {
        if (result.ExitCode is not (0 or 1 or 2))
            return $"exit code {result.ExitCode}: {FirstLines(result.Stderr)}";
        if (result.Stderr.Contains("internal error") || result.Stderr.Contains("   at "))
            return $"stack trace: {FirstLines(result.Stderr)}";
        var errors = result.Stderr.Split('\n').Where(l => l.Contains(" error TL") || l.StartsWith("error", StringComparison.Ordinal)).ToList();
        if (errors.FirstOrDefault(l => !LocatedError().IsMatch(l)) is { } unplaced)
            return $"an error without a place: {unplaced}";
        if (result.ExitCode == 1 && errors.Count == 0)
            return $"exit 1 without an error diagnostic: {FirstLines(result.Stderr)}";
        return null;
    }

    private static string FirstLines(string text) => string.Join(" | ", text.Split('\n').Take(4));
}
