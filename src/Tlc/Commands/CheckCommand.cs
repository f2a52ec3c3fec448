using System.CommandLine;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc check FILE...</c>: parses and checks each file as a program of its own (with its imports) and
/// reports every error and warning. <c>--emit bound</c> also prints the checked program's canonical text.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var files = FileArguments.Many("Programs to check; each is checked on its own");
        var emit = new Option<string?>("--emit")
        {
            Description = "On success, also print a form of the program to stdout: 'bound' is the checked program",
            HelpName = "FORM",
        };
        emit.AcceptOnlyFromAmong("bound");
        var command = new Command("check", "Parse and check programs, reporting errors and warnings") { files, emit };
        command.SetAction(result => Run(result.GetValue(files) ?? [], result.GetValue(emit), environment));
        return command;
    }

    internal static int Run(IReadOnlyList<string> paths, string? emit, CommandEnvironment environment)
    {
        var diagnostics = Report.Writer(environment);
        var unreadable = false;
        foreach (var path in paths)
        {
            if (SourceFiles.Read(path, out var failure) is not { } source)
            {
                diagnostics.Write(failure!);
                unreadable = true;
                continue;
            }
            var result = Compilation.Compile([source], DataReaders.Default, ProgramLoader.DefaultSearchPath());
            diagnostics.Write(result.Diagnostics);
            if (emit == "bound" && !result.HasErrors && result.Bound is { } bound)
            {
                // Several programs in one run are told apart by a comment line naming each.
                if (paths.Count > 1)
                    environment.Stdout.Write($"# {path}\n");
                environment.Stdout.Write(BoundProgramPrinter.Print(bound));
            }
        }
        return Report.Finish(diagnostics, unreadable);
    }
}
