using System.CommandLine;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Parsing;

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
        if (SourceFiles.Read(path, out var failure) is not { } source)
        {
            diagnostics.Write(failure!);
            return Report.Finish(diagnostics, inputUnreadable: true);
        }
        var bag = new DiagnosticBag();
        var unit = SyntaxParser.Parse(source, bag);
        diagnostics.Write(Report.Sorted(bag));
        if (!diagnostics.HasErrors)
            environment.Stdout.Write(tree ? TreeDumper.Dump(unit) : Formatter.Format(unit));
        return Report.Finish(diagnostics, inputUnreadable: false);
    }
}
