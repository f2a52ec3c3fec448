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
        if (Refusal(original, formatted) is { } reason)
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

    /// <summary>
    /// Why <paramref name="formatted"/> may not replace <paramref name="original"/> (it would lose text), or null
    /// when it may. Shared with the language server's formatting, which refuses the same files.
    /// </summary>
    internal static string? Refusal(string original, string formatted)
    {
        // The syntax tree does not hold comments, so the formatted text has none: rewriting would delete them.
        if (Comments.Occur(original))
            return "has comments, which the formatter does not keep";
        // Doc comments are kept above what they document; one that documents nothing would be lost.
        if (Comments.DocLines(formatted) != Comments.DocLines(original))
            return "has /// comments that are neither at the top nor right above a statement, which the formatter does not keep";
        return null;
    }
}
