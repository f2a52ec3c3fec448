using System.Text;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>One framed message as read: its body, or what was wrong with its header.</summary>
internal readonly record struct FramedMessage(string? Body, string? Problem);

/// <summary>
/// Reads the base protocol's framing: header lines (<c>Content-Length: 123</c>, then an empty line), then exactly
/// that many bytes of UTF-8 JSON. A header without a usable length is reported as a problem and skipped, so that
/// a client's mistake costs one message and never the session.
/// </summary>
internal sealed class MessageReader(Stream input)
{
    // Real headers are two short lines; anything longer is not a header, and reading it whole would let
    // garbage on stdin take all the memory.
    private const int MaxHeaderLine = 1024;

    private const string LengthField = "Content-Length";

    // A program is at most a few megabytes; a length past this is a broken client, whose body is read and
    // dropped rather than allocated at once.
    private const int MaxBody = 64 << 20;

    /// <summary>The next message, or null once the input has ended (the client is gone).</summary>
    public FramedMessage? Read()
    {
        int? length = null;
        string? problem = null;
        while (true)
        {
            if (ReadHeaderLine() is not { } line)
                return null;
            if (line.Length == 0)
                break;
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                problem ??= $"a header line without ':' ({Shorten(line)})";
                continue;
            }
            if (!line[..colon].Trim().Equals(LengthField, StringComparison.OrdinalIgnoreCase))
                continue;
            if (int.TryParse(line[(colon + 1)..].Trim(), out var value) && value >= 0)
                length = value;
            else
                problem ??= $"Content-Length is not a length ({Shorten(line)})";
        }
        if (length is not { } count)
            return new FramedMessage(null, problem ?? "a message without a Content-Length header");
        if (count > MaxBody)
            return Skip(count) ? new FramedMessage(null, $"a message of {count} bytes, more than the {MaxBody >> 20} MiB a message may have") : null;
        var body = ReadBody(count);
        if (body is null)
            return null;
        return problem is null ? new FramedMessage(body, null) : new FramedMessage(null, problem);
    }

    /// <summary>A line without its CR LF (a lone LF is accepted too); null at the end of the input.</summary>
    private string? ReadHeaderLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = input.ReadByte();
            if (b < 0)
                return null;
            if (b == '\n')
                break;
            if (bytes.Count < MaxHeaderLine)
                bytes.Add((byte)b);
        }
        if (bytes.Count > 0 && bytes[^1] == '\r')
            bytes.RemoveAt(bytes.Count - 1);
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    private string? ReadBody(int length)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = input.Read(buffer, read, length - read);
            if (n == 0)
                return null;
            read += n;
        }
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(buffer);
    }

    /// <summary>Reads and drops <paramref name="length"/> bytes; false if the input ends first.</summary>
    private bool Skip(int length)
    {
        var buffer = new byte[81920];
        while (length > 0)
        {
            var n = input.Read(buffer, 0, Math.Min(buffer.Length, length));
            if (n == 0)
                return false;
            length -= n;
        }
        return true;
    }

    private static string Shorten(string line) => line.Length <= 40 ? line : line[..40] + "...";
}
