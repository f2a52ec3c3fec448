using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TensorLogic.Tlc.Tests.LanguageServer;

/// <summary>The client's side of the exchanges the tests record: requests and notifications as an editor sends them.</summary>
internal static class LspMessages
{
    /// <summary>A document that need not exist on disk: the server checks the text the editor sends.</summary>
    public const string Uri = "file:///lsp-tests/main.tl";

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Initialize(int id = 1) => Request(id, "initialize", new JsonObject { ["processId"] = null, ["rootUri"] = null, ["capabilities"] = new JsonObject() });

    public static string Initialized => Notification("initialized", new JsonObject());

    public static string Shutdown(int id) => Request(id, "shutdown", null);

    public static string Exit => Notification("exit", null);

    public static string Open(string text, int version = 1) => Notification("textDocument/didOpen", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = Uri, ["languageId"] = "tensorlogic", ["version"] = version, ["text"] = text },
    });

    public static string Change(string text, int version) => Notification("textDocument/didChange", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = Uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
    });

    public static string Hover(int id, int line, int character) => AtPosition(id, "textDocument/hover", line, character);

    public static string Definition(int id, int line, int character) => AtPosition(id, "textDocument/definition", line, character);

    public static string Completion(int id, int line, int character) => AtPosition(id, "textDocument/completion", line, character);

    public static string Formatting(int id) => Request(id, "textDocument/formatting", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = Uri },
        ["options"] = new JsonObject { ["tabSize"] = 4, ["insertSpaces"] = true },
    });

    public static string Request(int id, string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
            message["params"] = parameters;
        return message.ToJsonString(Options);
    }

    public static string Notification(string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
            message["params"] = parameters;
        return message.ToJsonString(Options);
    }

    private static string AtPosition(int id, string method, int line, int character) => Request(id, method, new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = Uri },
        ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
    });
}
