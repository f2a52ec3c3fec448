using TensorLogic.Tlc;
using TensorLogic.Tlc.Commands;

namespace TensorLogic.Tlc.Tests;

/// <summary>What one in-process run of tlc returned and printed.</summary>
internal sealed record TlcResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the tlc command line in-process, with string writers for stdout and stderr.</summary>
internal static class TlcRun
{
    public static TlcResult Invoke(params string[] args) => InvokeWithInput(null, args);

    /// <summary>Runs tlc with <paramref name="input"/> as standard input (for the REPL).</summary>
    public static TlcResult InvokeWithInput(string? input, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = CommandLine.Run(args, stdout, stderr, new StringReader(input ?? ""));
        return new TlcResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
