using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// The header of a .npy file: the magic string <c>\x93NUMPY</c>, a format version, the header's length
/// (2 bytes in version 1.0, 4 in 2.0 and 3.0) and a Python dict such as
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 3), }</c>, padded with spaces and a newline
/// so that the data starts at a multiple of 64 bytes.
/// </summary>
internal sealed record NpyHeader(NpyDType DType, ImmutableArray<int> Shape, int Count)
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private const int Alignment = 64;

    // NumPy leaves room to rewrite the first axis's length in place when an array grows by appending.
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Reads and checks the header, leaving <paramref name="stream"/> at the first data byte.</summary>
    public static NpyHeader? Read(Stream stream, string path, SourceLocation? at, DiagnosticBag diagnostics)
    {
        var reporter = new Reporter(path, at, diagnostics);
        if (ReadHeaderText(stream, reporter) is not { } text)
            return null;
        if (!PythonLiteralParser.TryParse(text, out var literal, out var error))
            return reporter.Malformed<NpyHeader>($"has a malformed header: {error}");
        if (literal is not Dictionary<string, object?> dict)
            return reporter.Malformed<NpyHeader>("has a malformed header: it is not a dictionary");
        return Interpret(dict, reporter);
    }

    /// <summary>The bytes NumPy's <c>np.save</c> writes before the data of an array of this dtype and shape.</summary>
    public static byte[] Encode(string descr, ReadOnlySpan<int> shape)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {PythonTuple(shape)}, }}";
        if (shape.Length > 0)
            dict += new string(' ', Math.Max(0, GrowthAxisMaxDigits - shape[0].ToString().Length));
        // Version 1.0 unless the header outgrows its 2-byte length, as NumPy chooses.
        var v1 = Wrap(dict, major: 1, lengthSize: 2);
        return v1.Length - 10 <= ushort.MaxValue ? v1 : Wrap(dict, major: 2, lengthSize: 4);
    }

    /// <summary>A shape as Python prints a tuple: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
    public static string PythonTuple<T>(ReadOnlySpan<T> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape.ToArray())})";

    private static byte[] Wrap(string dict, int major, int lengthSize)
    {
        var prefix = Magic.Length + 2 + lengthSize;
        // Padding is never zero: a header that already ends on the boundary gets a full 64 spaces.
        var padding = Alignment - (prefix + dict.Length + 1) % Alignment;
        var headerLength = dict.Length + padding + 1;
        var bytes = new byte[prefix + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)major;
        if (lengthSize == 2)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        Encoding.ASCII.GetBytes(dict, bytes.AsSpan(prefix));
        bytes.AsSpan(prefix + dict.Length, padding).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private static string? ReadHeaderText(Stream stream, Reporter reporter)
    {
        const string cutOff = "is truncated: its header is cut off";
        Span<byte> preamble = stackalloc byte[8];
        var read = stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false);
        if (read < Magic.Length || !preamble[..Magic.Length].SequenceEqual(Magic))
            return reporter.Malformed<string>("is not a NumPy .npy file: it does not start with \\x93NUMPY");
        if (read < preamble.Length)
            return reporter.Malformed<string>(cutOff);
        var (major, minor) = (preamble[6], preamble[7]);
        if (major is < 1 or > 3)
            return reporter.Unsupported<string>($"uses .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are supported");
        Span<byte> lengthBytes = stackalloc byte[major == 1 ? 2 : 4];
        if (stream.ReadAtLeast(lengthBytes, lengthBytes.Length, throwOnEndOfStream: false) < lengthBytes.Length)
            return reporter.Malformed<string>(cutOff);
        var length = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        // A header is a few hundred bytes; a huge length means a corrupt file, not a reason to allocate.
        if (length > 1 << 24)
            return reporter.Malformed<string>($"has a malformed header: its length {length} is implausible");
        var header = new byte[length];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            return reporter.Malformed<string>(cutOff);
        // Versions 1.0 and 2.0 are Latin-1; 3.0 is UTF-8 (for field names of structured dtypes).
        return (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
    }

    private static NpyHeader? Interpret(Dictionary<string, object?> dict, Reporter reporter)
    {
        if (!dict.TryGetValue("descr", out var descr))
            return reporter.Malformed<NpyHeader>("has a malformed header: it has no 'descr'");
        if (descr is not string code)
            return reporter.Unsupported<NpyHeader>("has a structured dtype (named fields), which is not supported", NpyDType.SupportedList);
        if (NpyDType.Parse(code) is not { } dtype)
            return reporter.Unsupported<NpyHeader>($"has dtype '{code}', which is not supported", NpyDType.SupportedList);
        if (!dict.TryGetValue("fortran_order", out var fortran) || fortran is not bool fortranOrder)
            return reporter.Malformed<NpyHeader>("has a malformed header: 'fortran_order' is missing or not True or False");
        if (fortranOrder)
            return reporter.Unsupported<NpyHeader>(
                "is stored in Fortran (column-major) order, which is not supported",
                "save it in C order, e.g. np.save(path, np.ascontiguousarray(a))");
        if (!dict.TryGetValue("shape", out var shapeValue) || ToShape(shapeValue) is not { } shape)
            return reporter.Malformed<NpyHeader>("has a malformed header: 'shape' is missing or not a tuple of non-negative integers");
        return CheckSize(dtype, shape, reporter);
    }

    private static long[]? ToShape(object? value) =>
        value is List<object?> items && items.All(i => i is long and >= 0) ? [.. items.Cast<long>()] : null;

    private static NpyHeader? CheckSize(NpyDType dtype, long[] shape, Reporter reporter)
    {
        // With a zero axis the array is empty whatever the other axes say, and the product must not overflow.
        var count = shape.Contains(0) ? 0 : shape.Aggregate(1.0, (product, n) => product * n);
        if (shape.Any(n => n > int.MaxValue) || count > Array.MaxLength)
            return reporter.TooLarge<NpyHeader>($"has shape {PythonTuple<long>(shape)}, more elements than a tensor can hold");
        return new NpyHeader(dtype, [.. shape.Select(n => (int)n)], (int)count);
    }

    /// <summary>
    /// Reports problems with the file as a whole at the statement that reads it. Each method returns null
    /// as whatever the caller was about to return, so a check and its report fit on one line.
    /// </summary>
    private readonly record struct Reporter(string Path, SourceLocation? At, DiagnosticBag Diagnostics)
    {
        public T? Malformed<T>(string what) where T : class => Report<T>(Catalog.MalformedData, what, null);

        public T? Unsupported<T>(string what, string? help = null) where T : class =>
            Report<T>(Catalog.UnsupportedDataType, what, help);

        public T? TooLarge<T>(string what) where T : class => Report<T>(Catalog.TensorTooLarge, what, null);

        private T? Report<T>(DiagnosticDescriptor descriptor, string what, string? help) where T : class
        {
            Diagnostics.Report(descriptor, At, $"'{Path}' {what}", help);
            return null;
        }
    }
}
