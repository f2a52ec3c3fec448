using System.CommandLine;
using TensorLogic.Syntax.Formatting;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc parse FILE [--tree]</c>: shows how the parser read a file, as the syntax tree with positions
/// (<c>--tree</c>) or as the canonical program text. Only syntax is checked; imports are not followed.
/// </summary>
internal static class ParseCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var file = FileArguments.One("The program to parse");
        var tree = new Option<bool>("--tree") { Description = "Print the syntax tree, one node per line with its position" };
        var command = new Command("parse", "Parse a program and print its syntax tree or canonical text") { file, tree };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(tree), environment));
        return command;
    }

    internal static int Run(string path, bool tree, CommandEnvironment environment)
    {
        var diagnostics = Report.Writer(environment);
        if (ParsedFile.Read(path, diagnostics, out var exitCode) is not var (_, unit))
            return exitCode;
        environment.Stdout.Write(tree ? TreeDumper.Dump(unit) : Formatter.Format(unit));
        return Report.Finish(diagnostics, inputUnreadable: false);
    }
}
