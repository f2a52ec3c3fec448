using System.Text;
using TensorLogic.Compiler.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Reads the data files a program names, choosing the format by extension: <c>.npy</c> gives a
/// <see cref="DenseContent"/>, <c>.tsv</c> and <c>.csv</c> a <see cref="TableContent"/>, <c>.txt</c> a
/// <see cref="WordsContent"/>. Problems with the file as a whole are reported at the statement that reads
/// it; problems with one line of a table at that line of the data file.
/// </summary>
public sealed class DataFileReader : IDataReader
{
    // Decoding fails loudly on bytes that are not UTF-8, so a binary file misnamed .tsv is reported rather
    // than read as a table of replacement characters.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public DataContent? Read(string path, SourceLocation at, DiagnosticBag diagnostics)
    {
        if (DataFileFormats.FromPath(path) is not { } format)
        {
            ReportUnsupportedFormat(path, at, diagnostics);
            return null;
        }
        if (!CheckExists(path, at, diagnostics))
            return null;
        try
        {
            return format == DataFileFormat.Npy
                ? ReadNpy(path, at, diagnostics)
                : ReadText(path, format, at, diagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(Catalog.CannotReadInput, at, $"cannot read '{path}': {e.Message}");
            return null;
        }
    }

    private static DenseContent? ReadNpy(string path, SourceLocation at, DiagnosticBag diagnostics)
    {
        using var stream = File.OpenRead(path);
        return NpyFormat.Read(stream, path, at, diagnostics);
    }

    private static DataContent? ReadText(string path, DataFileFormat format, SourceLocation at, DiagnosticBag diagnostics)
    {
        if (ReadAtMost(path, MaxTextBytes) is not { } bytes)
        {
            diagnostics.Report(Catalog.TensorTooLarge, at,
                $"'{path}' has more than {Resources.ByteSize.Format(MaxTextBytes)} of text, the most a .tsv, .csv or .txt data file may have",
                "split the data over several files, or store numbers as .npy");
            return null;
        }
        string text;
        try
        {
            text = Decode(bytes);
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Report(Catalog.MalformedData, at, $"'{path}' is not UTF-8 text");
            return null;
        }
        return format == DataFileFormat.Txt
            ? new WordsContent(path, [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)])
            : TableParser.Parse(new SourceText(text, path), format, diagnostics);
    }

    /// <summary>
    /// The file's text. UTF-8 is decoded from the bytes in one step (a reader would build the text in
    /// pieces and copy it); a file that starts with the byte order mark of UTF-16 or UTF-32 is read as that.
    /// </summary>
    private static string Decode(byte[] bytes)
    {
        if (HasOtherByteOrderMark(bytes))
        {
            using var reader = new StreamReader(new MemoryStream(bytes), StrictUtf8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        return StrictUtf8.GetString(bytes, start, bytes.Length - start);
    }

    /// <summary>
    /// Text data is decoded into one string, which holds at most about a billion characters; reading stops
    /// past this many bytes, so that an endless stream (a link to /dev/zero, a pipe) ends in a diagnostic.
    /// </summary>
    internal const int MaxTextBytes = 1 << 30;

    /// <summary>The file's bytes, or null when it has more than <paramref name="limit"/>; read in chunks, since a device or pipe has no length.</summary>
    private static byte[]? ReadAtMost(string path, int limit)
    {
        using var stream = File.OpenRead(path);
        using var bytes = new MemoryStream();
        var chunk = new byte[1 << 20];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (bytes.Length + read > limit)
                return null;
            bytes.Write(chunk, 0, read);
        }
        return bytes.ToArray();
    }

    private static bool HasOtherByteOrderMark(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    private static void ReportUnsupportedFormat(string path, SourceLocation at, DiagnosticBag diagnostics)
    {
        var extension = Path.GetExtension(path);
        var message = extension.Length == 0
            ? $"'{path}' has no extension, so its format is unknown"
            : $"unsupported file format '{extension}' of '{path}'";
        diagnostics.Report(Catalog.UnsupportedFileFormat, at, message, DataFileFormats.SupportedList);
    }

    private static bool CheckExists(string path, SourceLocation at, DiagnosticBag diagnostics)
    {
        if (File.Exists(path))
            return true;
        if (Directory.Exists(path))
        {
            diagnostics.Report(Catalog.CannotReadInput, at, $"cannot read '{path}': it is a folder, not a file");
            return false;
        }
        // The path was resolved against the program's folder; when that differs from what the user sees
        // (a relative folder, say), the absolute path shows where exactly the file was looked for.
        var full = Path.GetFullPath(path);
        var help = full == path ? null : $"looked for '{full}'";
        diagnostics.Report(Catalog.FileNotFound, at, $"file '{path}' not found", help);
        return false;
    }
}
