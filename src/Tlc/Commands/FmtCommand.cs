using System.CommandLine;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc fmt FILE [--write]</c>: prints the canonical form of a program, or with <c>--write</c> replaces
/// the file with it. A file with syntax errors is never written, since statements with errors are not in
/// the tree and would be lost.
/// </summary>
internal static class FmtCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var file = FileArguments.One("The program to format");
        var write = new Option<bool>("--write", "-w") { Description = "Rewrite FILE in place (atomically) instead of printing" };
        var command = new Command("fmt", "Print a program in canonical form, or rewrite it with --write") { file, write };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(write), environment));
        return command;
    }

    internal static int Run(string path, bool write, CommandEnvironment environment)
    {
        var diagnostics = Report.Writer(environment);
        if (ParsedFile.Read(path, diagnostics, out var exitCode) is not var (source, unit))
            return exitCode;
        var formatted = Formatter.Format(unit);
        if (!write)
        {
            environment.Stdout.Write(formatted);
            return ExitCodes.Success;
        }
        return Rewrite(path, source.Text, formatted, environment);
    }

    private static int Rewrite(string path, string original, string formatted, CommandEnvironment environment)
    {
        if (Comments.LostByFormatting(original, formatted) is { } reason)
        {
            environment.Stderr.WriteLine(
                $"tlc: '{path}' {reason}; the file was left unchanged (run without --write to see the formatted text)");
            return ExitCodes.ProgramErrors;
        }
        if (formatted == original)
            return ExitCodes.Success;
        try
        {
            AtomicFile.WriteAllText(path, formatted);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            environment.Stderr.WriteLine($"tlc: error {Catalog.WriteFailed.Id}: cannot write '{path}': {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
