using System.CommandLine;
using System.Text;
using TensorLogic.Tlc.Commands;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// Writes docs/cli.md from <c>tlc --help</c> and each verb's <c>--help</c>, run in-process. Help is printed
/// to a writer that is not a console, so System.CommandLine does not wrap it to a terminal's width and the
/// page is the same on every machine.
/// </summary>
internal static class CliReference
{
    public static string Generate()
    {
        var page = new StringBuilder();
        page.Append("""
            # The `tlc` command line

            <!-- Generated from the commands' own help by tests/Tlc.Tests/Infrastructure/CliReference.cs; do not edit.
                 Regenerate: TLC_WRITE_DOCS=1 dotnet test tests/Tlc.Tests --filter FullyQualifiedName~CliReferenceTests -->

            Every command prints this with `--help`. The README's table says what each command is for and how it
            exits; docs/diagnostics.md gives the ranges of the numeric options.

            """);
        page.Append('\n');
        Section(page, "tlc", []);
        foreach (var verb in VerbNames())
            Section(page, "tlc " + verb, [verb]);
        return page.ToString().TrimEnd() + "\n";
    }

    private static IEnumerable<string> VerbNames() =>
        CommandLine.Build(new CommandEnvironment(TextWriter.Null, TextWriter.Null, false)).Subcommands.Select(c => c.Name);

    private static void Section(StringBuilder page, string title, string[] verb)
    {
        var result = TlcRun.Invoke([.. verb, "--help"]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{title} --help exited with {result.ExitCode}: {result.Stderr}");
        // The root command is named after the running executable, which here is the test host, not tlc.
        var help = result.Stdout.Replace("Usage:\n  " + RootCommand.ExecutableName, "Usage:\n  tlc").TrimEnd();
        page.Append($"## `{title}`\n\n```\n{help}\n```\n\n");
    }
}
