using System.Text.Json;
using System.Text.Json.Nodes;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// Reads the members of a message's params. A member that is missing or of the wrong kind is the client's
/// mistake: it becomes an InvalidParams error for that request, never an exception that escapes.
/// </summary>
internal static class Params
{
    public static JsonNode? Member(JsonNode? node, string name) =>
        node is JsonObject obj && obj.TryGetPropertyValue(name, out var value) ? value : null;

    public static string? OptionalString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static string String(JsonNode? node, string name) =>
        OptionalString(Member(node, name)) ?? throw Invalid($"'{name}' must be a string");

    public static int Integer(JsonNode? node, string name) =>
        Member(node, name) is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            ? number
            : throw Invalid($"'{name}' must be an integer");

    public static JsonNode Object(JsonNode? node, string name) =>
        Member(node, name) is JsonObject obj ? obj : throw Invalid($"'{name}' must be an object");

    /// <summary>params.textDocument.uri, which every document request has.</summary>
    public static string DocumentUri(JsonNode? parameters) => String(Object(parameters, "textDocument"), "uri");

    /// <summary>params.position as a line and a UTF-16 character offset, both 0-based.</summary>
    public static (int Line, int Character) Position(JsonNode? parameters)
    {
        var position = Object(parameters, "position");
        var line = Integer(position, "line");
        var character = Integer(position, "character");
        if (line < 0 || character < 0)
            throw Invalid("a position's line and character must not be negative");
        return (line, character);
    }

    public static RequestException Invalid(string message) => new(ErrorCodes.InvalidParams, message);
}
