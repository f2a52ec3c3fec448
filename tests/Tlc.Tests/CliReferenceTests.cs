using TensorLogic.Testing;
using TensorLogic.Tlc.Commands;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// docs/cli.md is the commands' own <c>--help</c>, so it cannot drift from what tlc accepts. After changing a
/// command, regenerate it with
/// <c>TLC_WRITE_DOCS=1 dotnet test tests/Tlc.Tests --filter FullyQualifiedName~CliReferenceTests</c>.
/// </summary>
public sealed class CliReferenceTests
{
    private static string PagePath => Repository.PathOf("docs", "cli.md");

    [Fact]
    public void Docs_cli_md_is_the_help_of_every_command()
    {
        var generated = CliReference.Generate();
        if (Environment.GetEnvironmentVariable("TLC_WRITE_DOCS") == "1")
            File.WriteAllText(PagePath, generated);
        var page = File.ReadAllText(PagePath).Replace("\r\n", "\n");

        Assert.Equal(generated, page);
    }

    [Fact]
    public void The_reference_has_a_section_per_verb_with_its_usage()
    {
        var generated = CliReference.Generate();

        Assert.Contains("## `tlc run`\n\n```\nDescription:", generated);
        Assert.Contains("Usage:\n  tlc run <FILE> [options]", generated);
        Assert.Equal(CommandLine.Verbs.Count + 1, generated.Split("\n## ").Length - 1);
    }
}
