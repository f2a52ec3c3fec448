using System.Text.Json.Nodes;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>The answer to <c>initialize</c>: what the server offers.</summary>
internal static class ServerCapabilities
{
    // TextDocumentSyncKind.Full: each change sends the whole text, which the front end checks whole anyway.
    private const int FullSync = 1;

    public static JsonObject Initialize() => new()
    {
        ["capabilities"] = new JsonObject
        {
            ["positionEncoding"] = "utf-16",
            ["textDocumentSync"] = new JsonObject { ["openClose"] = true, ["change"] = FullSync },
            ["hoverProvider"] = true,
            ["definitionProvider"] = true,
            ["completionProvider"] = new JsonObject { ["triggerCharacters"] = new JsonArray(".") },
            ["documentFormattingProvider"] = true,
        },
        ["serverInfo"] = new JsonObject { ["name"] = "tlc" },
    };
}
