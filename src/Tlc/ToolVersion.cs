using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace TensorLogic.Tlc;

/// <summary>
/// <c>--version</c> on the root and on every verb, printing <c>tlc 0.1.0</c>. System.CommandLine's own
/// version option exists only on the root and prints the informational version with its commit suffix.
/// </summary>
internal static class ToolVersion
{
    /// <summary>The version from Directory.Build.props, without the "+commit" that the SDK appends.</summary>
    public static string Text { get; } = ReadVersion();

    public static string Banner => $"tlc {Text}";

    /// <summary>A recursive option: added to the root, it is accepted after every verb as well.</summary>
    public static Option<bool> CreateOption() => new("--version")
    {
        Description = "Show the version of tlc and exit",
        Recursive = true,
        Arity = ArgumentArity.Zero,
        Action = new PrintVersion(),
    };

    private static string ReadVersion()
    {
        var assembly = typeof(ToolVersion).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
            return informational.Split('+')[0];
        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }

    /// <summary>
    /// Printing the version needs nothing else from the command line, so it clears parse errors:
    /// <c>tlc check --version</c> works without a FILE.
    /// </summary>
    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Banner);
            return ExitCodes.Success;
        }
    }
}
