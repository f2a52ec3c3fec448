using System.Text.Json;
using System.Text.Json.Nodes;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// <c>tlc lsp</c>: a Language Server Protocol server over stdin/stdout, for editors (editors/vscode, docs/editors.md).
/// It reads one message at a time and answers it before reading the next; every feature asks the front end that
/// <c>tlc check</c>, <c>tlc fmt</c> and the REPL's <c>:type</c> use, so the editor shows what the command line would.
/// </summary>
/// <remarks>
/// Why the protocol is written here and not taken from StreamJsonRpc (2.26, the package source's one JSON-RPC
/// library): tlc ships as one self-contained composite ReadyToRun image, and StreamJsonRpc would add
/// Newtonsoft.Json, MessagePack, Nerdbank.Streams and Microsoft.VisualStudio.Threading to it, several megabytes
/// compiled into every Release build, for a server that needs only a request loop. Its dispatch also binds methods
/// by reflection and serializes with Newtonsoft's reflection, which ReadyToRun cannot precompile and trimming
/// would break. The part that takes care is the framing (MessageReader, MessageWriter, about 100 lines); the
/// messages are System.Text.Json nodes, which are in the shared framework. No command but <c>lsp</c> reaches
/// these types, so nothing here is loaded, let alone JIT-compiled, when <c>tlc run</c> starts.
/// </remarks>
internal sealed class LanguageServer
{
    private readonly MessageWriter _writer;
    private readonly Dictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private bool _initialized;
    private bool _shutdownRequested;

    private LanguageServer(MessageWriter writer) => _writer = writer;

    /// <summary>Set by the <c>exit</c> notification: 0 after a <c>shutdown</c> request, else 1, as the LSP asks.</summary>
    private int? ExitCode { get; set; }

    /// <summary>Serves until <c>exit</c> or the end of the input, and returns the exit code.</summary>
    public static int Run(Stream input, Stream output)
    {
        var server = new LanguageServer(new MessageWriter(output));
        var reader = new MessageReader(input);
        while (reader.Read() is { } message)
        {
            if (message.Problem is { } problem)
                server.Log($"tlc lsp: ignored a message: {problem}");
            else
                server.Handle(message.Body!);
            if (server.ExitCode is { } code)
                return code;
        }
        // The client went away without saying exit: not a clean end.
        return ExitCodes.ProgramErrors;
    }

    private void Handle(string body)
    {
        if (Envelope(body) is not var (fields, method))
            return;
        var id = Params.Member(fields, "id");
        var isRequest = fields.ContainsKey("id");
        var parameters = Params.Member(fields, "params");
        try
        {
            if (isRequest)
                _writer.Write(JsonRpc.Response(id, Answer(method, parameters)));
            else
                Notice(method, parameters);
        }
        catch (RequestException e) when (isRequest)
        {
            _writer.Write(JsonRpc.Error(id, e.Code, e.Message));
        }
        catch (RequestException e)
        {
            Log($"tlc lsp: ignored '{method}': {e.Message}");
        }
        catch (Exception e)
        {
            // A bug in tlc must not end the editor's session: that request fails, the next ones are served.
            if (isRequest)
                _writer.Write(JsonRpc.Error(id, ErrorCodes.InternalError, $"internal error, please report it: {e.Message}"));
            Log($"tlc lsp: internal error in '{method}', please report it: {e}");
        }
    }

    /// <summary>
    /// The message's members and method, or null when it is not a request or notification: then the error
    /// JSON-RPC asks for has been sent, or, for a client's response to the server, nothing is needed.
    /// </summary>
    private (JsonObject Fields, string Method)? Envelope(string body)
    {
        JsonNode? message;
        try
        {
            message = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            _writer.Write(JsonRpc.Error(null, ErrorCodes.ParseError, "the message is not valid JSON"));
            return null;
        }
        if (message is not JsonObject fields)
        {
            _writer.Write(JsonRpc.Error(null, ErrorCodes.InvalidRequest, "a message must be a JSON object"));
            return null;
        }
        var id = Params.Member(fields, "id");
        var hasId = fields.ContainsKey("id");
        if (Params.OptionalString(Params.Member(fields, "method")) is not { } method)
        {
            // The server sends no requests that need answers, so a response from the client needs nothing.
            if (!(hasId && (fields.ContainsKey("result") || fields.ContainsKey("error"))))
                _writer.Write(JsonRpc.Error(ValidId(id) ? id : null, ErrorCodes.InvalidRequest, "a message needs a 'method' string"));
            return null;
        }
        if (hasId && !ValidId(id))
        {
            _writer.Write(JsonRpc.Error(null, ErrorCodes.InvalidRequest, "a request's id must be a number or a string"));
            return null;
        }
        return (fields, method);
    }

    private static bool ValidId(JsonNode? id) =>
        id is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String;

    private JsonNode? Answer(string method, JsonNode? parameters)
    {
        if (method == "initialize")
            return Initialize();
        if (!_initialized)
            throw new RequestException(ErrorCodes.ServerNotInitialized, "the first request must be 'initialize'");
        if (_shutdownRequested)
            throw new RequestException(ErrorCodes.InvalidRequest, "the server is shutting down");
        return method switch
        {
            "shutdown" => Shutdown(),
            "textDocument/hover" => Opened(parameters) is { } d ? HoverProvider.Hover(d, Params.Position(parameters)) : null,
            "textDocument/definition" => Opened(parameters) is { } d ? DefinitionProvider.Definition(d, Params.Position(parameters)) : null,
            "textDocument/completion" => Opened(parameters) is { } d ? CompletionProvider.Complete(d, Params.Position(parameters)) : null,
            "textDocument/formatting" => Opened(parameters) is { } d ? FormattingProvider.Format(d, Log) : null,
            _ => throw new RequestException(ErrorCodes.MethodNotFound, $"unknown method '{method}'"),
        };
    }

    private JsonNode Initialize()
    {
        if (_initialized)
            throw new RequestException(ErrorCodes.InvalidRequest, "the server is already initialized");
        _initialized = true;
        return ServerCapabilities.Initialize();
    }

    private JsonNode? Shutdown()
    {
        _shutdownRequested = true;
        return null;
    }

    private void Notice(string method, JsonNode? parameters)
    {
        if (method == "exit")
        {
            ExitCode = _shutdownRequested ? ExitCodes.Success : ExitCodes.ProgramErrors;
            return;
        }
        // Before initialize, and after shutdown, notifications are dropped (the LSP says so); so are those this
        // server does not handle, such as $/cancelRequest: every request is answered before the next is read.
        if (!_initialized || _shutdownRequested)
            return;
        switch (method)
        {
            case "textDocument/didOpen":
                Open(parameters);
                break;
            case "textDocument/didChange":
                Change(parameters);
                break;
            case "textDocument/didClose":
                Close(parameters);
                break;
        }
    }

    private void Open(JsonNode? parameters)
    {
        var item = Params.Object(parameters, "textDocument");
        var document = new OpenDocument(Params.String(item, "uri"));
        _documents[document.Uri] = document;
        document.Update(Params.String(item, "text"), Params.Integer(item, "version"));
        Publish(document);
    }

    private void Change(JsonNode? parameters)
    {
        if (Opened(parameters) is not { } document)
            return;
        var version = Params.Integer(Params.Object(parameters, "textDocument"), "version");
        if (Params.Member(parameters, "contentChanges") is not JsonArray changes)
            throw Params.Invalid("'contentChanges' must be an array");
        var text = document.Source.Text;
        foreach (var change in changes)
            text = TextChanges.Apply(text, change);
        document.Update(text, version);
        Publish(document);
    }

    private void Close(JsonNode? parameters)
    {
        var uri = Params.DocumentUri(parameters);
        if (_documents.Remove(uri))
            _writer.Write(JsonRpc.Notification("textDocument/publishDiagnostics", LspDiagnostics.Clear(uri)));
    }

    private OpenDocument? Opened(JsonNode? parameters) => _documents.GetValueOrDefault(Params.DocumentUri(parameters));

    private void Publish(OpenDocument document) =>
        _writer.Write(JsonRpc.Notification("textDocument/publishDiagnostics", LspDiagnostics.Publish(document)));

    /// <summary>A line in the client's log (window/logMessage, type Log): what was ignored, and why.</summary>
    private void Log(string text) =>
        _writer.Write(JsonRpc.Notification("window/logMessage", new JsonObject { ["type"] = 4, ["message"] = text }));
}
