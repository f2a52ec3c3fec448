using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Tlc;

/// <summary>
/// Writes diagnostics to stderr in the form <see cref="DiagnosticFormatter"/> renders them, counts them, and
/// ends a run with a summary such as <c>2 errors, 1 warning</c>. A diagnostic without a place in any
/// source (a file that cannot be read) is prefixed with <c>tlc: </c>, as command-line tools do.
/// After <paramref name="maxErrors"/> errors (0: no limit) the rest are counted but not printed: a binary
/// file given as a program has tens of thousands of errors, and nobody reads past the first screens.
/// </summary>
internal sealed class DiagnosticWriter(TextWriter writer, bool useColor, int maxErrors = DiagnosticWriter.DefaultMaxErrors)
{
    public const int DefaultMaxErrors = 100;

    private const string Red = "\u001b[1;31m";
    private const string Yellow = "\u001b[1;33m";
    private const string Reset = "\u001b[0m";

    public int ErrorCount { get; private set; }

    public int WarningCount { get; private set; }

    public bool HasErrors => ErrorCount > 0;

    private int _shownErrors;
    private int _hiddenErrors;
    private int _hiddenWarnings;

    private bool LimitReached => maxErrors > 0 && _shownErrors >= maxErrors;

    public void Write(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
            Write(diagnostic);
    }

    public void Write(Diagnostic diagnostic)
    {
        if (diagnostic.IsError)
            ErrorCount++;
        else
            WarningCount++;
        // Warnings after the limit are hidden too: they would be the only lines left between errors not shown.
        if (LimitReached)
        {
            if (diagnostic.IsError)
                _hiddenErrors++;
            else
                _hiddenWarnings++;
            return;
        }
        if (diagnostic.IsError)
            _shownErrors++;
        var text = DiagnosticFormatter.Format(diagnostic);
        if (useColor)
            text = ColorSeverity(text, diagnostic);
        if (diagnostic.Location is null)
            writer.Write("tlc: ");
        writer.Write(text);
    }

    /// <summary>Writes the summary line, or nothing when there was nothing to report.</summary>
    public void WriteSummary()
    {
        if (Summary(_hiddenErrors, _hiddenWarnings) is { } hidden)
            writer.WriteLine($"tlc: {hidden} not shown (only the first {maxErrors} errors are; --max-errors N changes the limit, 0 removes it)");
        if (Summary(ErrorCount, WarningCount) is { } summary)
            writer.WriteLine(summary);
    }

    public static string? Summary(int errors, int warnings)
    {
        var parts = new List<string>();
        if (errors > 0)
            parts.Add(Plural(errors, "error"));
        if (warnings > 0)
            parts.Add(Plural(warnings, "warning"));
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>Only the severity word of the first line is colored; the rest stays as the formatter wrote it.</summary>
    private static string ColorSeverity(string text, Diagnostic diagnostic)
    {
        var word = diagnostic.IsError ? "error" : "warning";
        var plain = $"{word} {diagnostic.Id}:";
        var index = text.IndexOf(plain, StringComparison.Ordinal);
        if (index < 0)
            return text;
        var color = diagnostic.IsError ? Red : Yellow;
        return text[..index] + color + word + Reset + text[(index + word.Length)..];
    }
}
