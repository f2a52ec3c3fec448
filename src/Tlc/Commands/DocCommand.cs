using System.CommandLine;
using TensorLogic.Compiler.Loading;
using TensorLogic.Tlc.Documentation;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc doc FILE...</c>: prints the documentation of modules, read from their <c>///</c> comments, as
/// Markdown (how docs/stdlib.md is written). Only the files are parsed; their imports are not followed.
/// </summary>
internal static class DocCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var files = FileArguments.Many("The modules to document");
        var command = new Command("doc", "Print the documentation of modules (their /// comments) as Markdown") { files };
        command.SetAction(result => Run(result.GetValue(files)!, environment));
        return command;
    }

    internal static int Run(string[] paths, CommandEnvironment environment)
    {
        var diagnostics = Report.Writer(environment);
        var sections = new List<string>();
        foreach (var path in paths)
        {
            if (ParsedFile.Read(path, diagnostics, out var exitCode) is not var (_, unit))
                return exitCode;
            sections.Add(ModuleMarkdown.Write(ModuleDoc.Collect(unit), ModuleMarkdown.ImportName(path)));
        }
        environment.Stdout.Write(string.Join("", sections));
        return ExitCodes.Success;
    }
}
