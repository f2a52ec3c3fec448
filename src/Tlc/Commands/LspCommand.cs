using System.CommandLine;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc lsp</c>: the language server for editors, speaking the LSP over stdin and stdout. The action is the
/// only place that reaches the server's types, so building the command line for any other verb loads none of them.
/// </summary>
internal static class LspCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var command = new Command("lsp", "Run the language server for editors (LSP over stdin and stdout; see docs/editors.md)");
        command.SetAction(_ => Serve());
        return command;
    }

    private static int Serve()
    {
        using var input = new BufferedStream(Console.OpenStandardInput());
        using var output = Console.OpenStandardOutput();
        return LanguageServer.LanguageServer.Run(input, output);
    }
}
