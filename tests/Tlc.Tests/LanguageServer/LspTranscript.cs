using System.Text;
using System.Text.Json.Nodes;

namespace TensorLogic.Tlc.Tests.LanguageServer;

/// <summary>
/// Runs the language server in-process on a list of message bodies and records the exchange in order:
/// <c>--&gt; body</c> for what the client sent, <c>&lt;-- body</c> for each message the server wrote, as the
/// server saw them (it reads one message and answers it before reading the next). Golden files diff this text.
/// </summary>
internal sealed class LspTranscript
{
    private readonly StringBuilder _text = new();
    private readonly List<JsonNode> _received = [];

    private LspTranscript()
    {
    }

    /// <summary>The exchange, one message a line, with machine-specific paths replaced by placeholders.</summary>
    public string Text => _text.ToString();

    /// <summary>Every message the server wrote, parsed.</summary>
    public IReadOnlyList<JsonNode> Received => _received;

    public int ExitCode { get; private set; }

    /// <summary>The answer to the request with <paramref name="id"/>.</summary>
    public JsonNode Response(int id) => _received.Single(m => m["id"] is JsonValue v && v.TryGetValue<int>(out var n) && n == id);

    /// <summary>The notifications the server sent with <paramref name="method"/>, in order.</summary>
    public IEnumerable<JsonNode> Notifications(string method) => _received.Where(m => (string?)m["method"] == method);

    /// <summary>Each body is framed with a correct Content-Length; raw frames (for malformed input) are passed as they are.</summary>
    public static LspTranscript Run(params LspMessage[] messages)
    {
        var transcript = new LspTranscript();
        var frames = messages.Select(m => m.Frame()).ToList();
        var input = new RecordingInput(frames, k => transcript.Sent(messages[k].Shown));
        var output = new RecordingOutput(transcript.Wrote);
        transcript.ExitCode = Tlc.LanguageServer.LanguageServer.Run(input, output);
        return transcript;
    }

    private void Sent(string text) => _text.Append("--> ").Append(Placeholders(text)).Append('\n');

    private void Wrote(string body)
    {
        _received.Add(JsonNode.Parse(body)!);
        _text.Append("<-- ").Append(Placeholders(body)).Append('\n');
    }

    // The standard library lies beside the test assembly, whose path differs from machine to machine.
    private static string Placeholders(string text) =>
        text.Replace(new Uri(AppContext.BaseDirectory).AbsoluteUri.TrimEnd('/'), "file:///<tlc>");

    /// <summary>The input as a stream that says when the server starts reading each message.</summary>
    private sealed class RecordingInput(List<byte[]> frames, Action<int> starting) : Stream
    {
        private int _frame;
        private int _offset;

        public override int ReadByte()
        {
            var buffer = new byte[1];
            return Read(buffer, 0, 1) == 0 ? -1 : buffer[0];
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_frame < frames.Count && _offset == frames[_frame].Length)
            {
                _frame++;
                _offset = 0;
            }
            if (_frame == frames.Count || count == 0)
                return 0;
            if (_offset == 0)
                starting(_frame);
            var n = Math.Min(count, frames[_frame].Length - _offset);
            Array.Copy(frames[_frame], _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The output as a stream that cuts what the server writes into frames, checking each header.</summary>
    private sealed class RecordingOutput(Action<string> wrote) : MemoryStream
    {
        private int _done;

        public override void Flush()
        {
            var bytes = ToArray();
            while (_done < bytes.Length)
            {
                var text = Encoding.ASCII.GetString(bytes, _done, Math.Min(64, bytes.Length - _done));
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                Assert.True(end > 0, "a frame starts with a header");
                Assert.StartsWith("Content-Length: ", text);
                var length = int.Parse(text["Content-Length: ".Length..end]);
                var bodyStart = _done + end + 4;
                wrote(Encoding.UTF8.GetString(bytes, bodyStart, length));
                _done = bodyStart + length;
            }
        }
    }
}

/// <summary>A message for <see cref="LspTranscript"/>: a JSON body to frame, or raw bytes sent as they are.</summary>
internal sealed record LspMessage(string Shown, byte[]? Raw = null)
{
    public static implicit operator LspMessage(string body) => new(body);

    /// <summary>Bytes sent as they are, shown in the transcript as <paramref name="shown"/> or else themselves.</summary>
    public static LspMessage Bytes(string raw, string? shown = null) =>
        new("(raw) " + (shown ?? raw.Replace("\r", "\\r").Replace("\n", "\\n")), Encoding.UTF8.GetBytes(raw));

    public byte[] Frame()
    {
        if (Raw is not null)
            return Raw;
        var body = Encoding.UTF8.GetBytes(Shown);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
    }
}
