using TensorLogic.Testing;
using static TensorLogic.Tlc.Tests.LanguageServer.LspMessages;

namespace TensorLogic.Tlc.Tests.LanguageServer;

/// <summary>
/// What an editor (or anything else on stdin) may send wrongly: each gets the JSON-RPC error it calls for, or a
/// line in the client's log when there is no request to answer, and the server goes on serving.
/// </summary>
public sealed class MalformedMessageTests
{
    [Fact]
    public void Bad_messages_are_answered_with_errors_and_the_session_goes_on()
    {
        var run = LspTranscript.Run(
            Hover(7, 0, 0),
            Initialize(),
            "{not json",
            "[1, 2]",
            """{"jsonrpc":"2.0","id":9}""",
            """{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}""",
            LspMessage.Bytes("Content-Type: application/json\r\n\r\n"),
            LspMessage.Bytes("Content-Length: many\r\n\r\n"),
            Request(2, "textDocument/semanticTokens/full", null),
            Request(3, "textDocument/hover", null),
            Notification("textDocument/didOpen", null),
            Notification("$/cancelRequest", null),
            Initialize(4),
            Open("W = 1.0\nW?\n"),
            Hover(5, 0, 0),
            Shutdown(6),
            Hover(8, 0, 0),
            Exit);
        Golden.Verify(run.Text, "malformed");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(-32002, (int)run.Response(7)["error"]!["code"]!);
        Assert.Equal(-32700, (int)run.Received[2]["error"]!["code"]!);
        Assert.Equal(-32600, (int)run.Received[3]["error"]!["code"]!);
        Assert.Equal(-32600, (int)run.Received[4]["error"]!["code"]!);
        Assert.Equal(-32600, (int)run.Received[5]["error"]!["code"]!);
        Assert.Equal(-32601, (int)run.Response(2)["error"]!["code"]!);
        Assert.Equal(-32602, (int)run.Response(3)["error"]!["code"]!);
        Assert.Equal(-32600, (int)run.Response(4)["error"]!["code"]!);
        Assert.Equal("```tensorlogic\nW : real = 1\n```\nshape scalar", (string?)run.Response(5)["result"]!["contents"]!["value"]);
        Assert.Equal(-32600, (int)run.Response(8)["error"]!["code"]!);
    }

    [Fact]
    public void A_body_too_long_to_be_a_program_is_dropped_unread_into_memory()
    {
        var length = (64 << 20) + 1;
        var header = System.Text.Encoding.ASCII.GetBytes($"Content-Length: {length}\r\n\r\n");
        var frame = new byte[header.Length + length];
        header.CopyTo(frame, 0);
        var run = LspTranscript.Run(Initialize(), new LspMessage("(raw) 64 MiB and a byte", frame), Shutdown(2), Exit);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("tlc lsp: ignored a message: a message of 67108865 bytes, more than the 64 MiB a message may have",
            (string?)run.Notifications("window/logMessage").Single()["params"]!["message"]);
    }

    [Fact]
    public void A_message_cut_off_by_the_end_of_input_ends_the_server_without_an_answer()
    {
        var run = LspTranscript.Run(Initialize(), LspMessage.Bytes("Content-Length: 100\r\n\r\n{\"jsonrpc\""));
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Received);
    }
}
