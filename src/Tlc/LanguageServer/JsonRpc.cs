using System.Text.Json.Nodes;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>The JSON-RPC 2.0 error codes the server answers with, and the LSP's own.</summary>
internal static class ErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>LSP: a request other than initialize came first.</summary>
    public const int ServerNotInitialized = -32002;
}

/// <summary>A request that cannot be answered with a result: it is answered with this error instead.</summary>
internal sealed class RequestException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>The shapes of JSON-RPC 2.0 messages.</summary>
internal static class JsonRpc
{
    public static JsonObject Response(JsonNode? id, JsonNode? result) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["result"] = result,
    };

    public static JsonObject Error(JsonNode? id, int code, string message) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    public static JsonObject Notification(string method, JsonNode parameters) => new()
    {
        ["jsonrpc"] = "2.0",
        ["method"] = method,
        ["params"] = parameters,
    };
}
