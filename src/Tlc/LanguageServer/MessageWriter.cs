using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>Writes messages with the base protocol's framing: a Content-Length header, an empty line, the UTF-8 JSON.</summary>
internal sealed class MessageWriter(Stream output)
{
    // The default encoder escapes quotes and apostrophes for HTML pages (\u0027); diagnostics read better as written.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Write(JsonNode message)
    {
        var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body, Options))
            message.WriteTo(json);
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        output.Write(header);
        output.Write(body.GetBuffer(), 0, (int)body.Length);
        output.Flush();
    }
}
