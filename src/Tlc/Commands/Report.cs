using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Tlc.Commands;

/// <summary>The end of every verb that reports diagnostics: the summary line, then the exit code it implies.</summary>
internal static class Report
{
    public static int Finish(DiagnosticWriter diagnostics, bool inputUnreadable)
    {
        diagnostics.WriteSummary();
        if (inputUnreadable)
            return ExitCodes.Usage;
        return diagnostics.HasErrors ? ExitCodes.ProgramErrors : ExitCodes.Success;
    }

    public static DiagnosticWriter Writer(CommandEnvironment environment) => new(environment.Stderr, environment.UseColor, environment.MaxErrors);

    public static IEnumerable<Diagnostic> Sorted(DiagnosticBag bag) => bag.ToSortedArray();
}
