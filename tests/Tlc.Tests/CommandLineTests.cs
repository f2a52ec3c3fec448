using TensorLogic.Tlc.Commands;

namespace TensorLogic.Tlc.Tests;

/// <summary>The root command: help, version, and usage errors with exit code 2.</summary>
public class CommandLineTests
{
    public static TheoryData<string[]> EveryCommand => new() { Array.Empty<string>(), new[] { "run" }, new[] { "repl" }, new[] { "check" }, new[] { "fmt" }, new[] { "parse" }, new[] { "devices" } };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void Help_is_printed_to_stdout_with_exit_code_0(string[] verb)
    {
        var result = TlcRun.Invoke([.. verb, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
        Assert.Contains("--version", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void Version_is_printed_on_every_command(string[] verb)
    {
        var result = TlcRun.Invoke([.. verb, "--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("tlc 0.1.0\n", result.Stdout);
    }

    [Fact]
    public void Root_help_says_what_Tensor_Logic_is_and_lists_the_verbs()
    {
        var help = TlcRun.Invoke("--help").Stdout;

        Assert.Contains("Tensor Logic", help);
        foreach (var verb in new[] { "check", "fmt", "parse" })
            Assert.Contains(verb, help);
    }

    [Theory]
    [InlineData("Unrecognized command or argument 'frob'", "frob")]
    [InlineData("Unrecognized option '--bogus'", "check", "--bogus", "x.tl")]
    [InlineData("Unrecognized option '-x'", "fmt", "-x")]
    [InlineData("Required argument missing", "check")]
    [InlineData("Required argument missing", "parse")]
    [InlineData("'xml' not recognized", "check", "--emit", "xml", "x.tl")]
    [InlineData("no command given", new string[0])]
    [InlineData("'tpu' not recognized", "run", "--engine", "tpu", "x.tl")]
    public void Usage_errors_exit_with_2_and_a_message(string message, params string[] args)
    {
        var result = TlcRun.Invoke(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.Contains("--help", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Verbs_are_built_from_the_factory_list()
    {
        var root = CommandLine.Build(new CommandEnvironment(TextWriter.Null, TextWriter.Null, UseColor: false));

        Assert.Equal(["run", "repl", "train", "grad", "check", "fmt", "doc", "parse", "devices", "lsp"], root.Subcommands.Select(c => c.Name));
        Assert.Equal(CommandLine.Verbs.Count, root.Subcommands.Count);
    }
}
