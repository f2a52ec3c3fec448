using System.CommandLine;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc fmt FILE [--write | --check]</c>: prints the canonical form of a program, or with <c>--write</c>
/// replaces the file with it, or with <c>--check</c> only says (by its exit code) whether the file already is. Comments are kept (<see cref="Formatter.Format(TensorLogic.Syntax.Tree.CompilationUnit)"/>).
/// A file with syntax errors is never written, since statements with errors are not in the tree and would be lost.
/// </summary>
internal static class FmtCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var file = FileArguments.One("The program to format");
        var write = new Option<bool>("--write", "-w") { Description = "Rewrite FILE in place (atomically) instead of printing" };
        var check = new Option<bool>("--check")
        {
            Description = "Print nothing; exit with 1 if FILE is not in canonical form (for CI), 0 if it is",
        };
        var command = new Command("fmt", "Print a program in canonical form, or rewrite it with --write") { file, write, check };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(write), result.GetValue(check), environment));
        return command;
    }

    internal static int Run(string path, bool write, bool check, CommandEnvironment environment)
    {
        if (write && check)
        {
            environment.Stderr.WriteLine("tlc: fmt takes --write or --check, not both");
            return ExitCodes.Usage;
        }
        var diagnostics = Report.Writer(environment);
        if (ParsedFile.Read(path, diagnostics, out var exitCode) is not var (source, unit))
            return exitCode;
        var formatted = Formatter.Format(unit);
        if (check)
            return Check(path, source.Text, formatted, environment);
        if (!write)
        {
            environment.Stdout.Write(formatted);
            return ExitCodes.Success;
        }
        return Rewrite(path, source.Text, formatted, environment);
    }

    private static int Check(string path, string original, string formatted, CommandEnvironment environment)
    {
        if (formatted == original)
            return ExitCodes.Success;
        environment.Stderr.WriteLine($"tlc: '{path}' is not in canonical form (run 'tlc fmt -w {path}')");
        return ExitCodes.ProgramErrors;
    }

    private static int Rewrite(string path, string original, string formatted, CommandEnvironment environment)
    {
        if (!Comments.KeptByFormatting(original, formatted))
        {
            environment.Stderr.WriteLine(
                $"tlc: the formatted text of '{path}' lacks some of its comments; the file was left unchanged " +
                "(run without --write to see the formatted text)");
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
