using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TensorLogic.Compiler.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Reads and writes NumPy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
/// Reading accepts versions 1.0 to 3.0, C order, and every bool, integer and float dtype in either byte
/// order, converting values to double. Writing produces what <c>np.save</c> writes, byte for byte.
/// </summary>
public static class NpyFormat
{
    // Elements are converted in chunks so that a large file needs no second, byte-sized copy in memory.
    private const int ChunkElements = 1 << 16;

    /// <summary>
    /// Reads an array from <paramref name="stream"/>. Problems are reported at <paramref name="at"/>
    /// (a binary file has no line to point at) and give null. Bytes after the data are ignored, as NumPy does.
    /// </summary>
    public static DenseContent? Read(Stream stream, string path, SourceLocation? at, DiagnosticBag diagnostics)
    {
        if (NpyHeader.Read(stream, path, at, diagnostics) is not { } header)
            return null;
        var size = header.DType.Size;
        // A corrupt header can promise billions of values; check the file holds them before allocating.
        if (stream.CanSeek && stream.Length - stream.Position < (long)header.Count * size)
            return ReportTruncated(header, stream.Length - stream.Position, path, at, diagnostics);
        if (header.DType is { Kind: 'f', Size: 4 } single && single.BigEndian != BitConverter.IsLittleEndian)
            return ReadSingles(stream, header, path, at, diagnostics);
        var values = new double[header.Count];
        var buffer = new byte[Math.Min(header.Count, ChunkElements) * size];
        for (var done = 0; done < header.Count;)
        {
            var count = Math.Min(ChunkElements, header.Count - done);
            var bytes = buffer.AsSpan(0, count * size);
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
                return ReportTruncated(header, (long)done * size + read, path, at, diagnostics);
            header.DType.Decode(bytes, values.AsSpan(done, count));
            done += count;
        }
        return new DenseContent(path, header.Shape, values, header.DType.ElementKind);
    }

    /// <summary>float32 in the host's order: the bytes are the values, read straight into their array.</summary>
    private static DenseContent? ReadSingles(Stream stream, NpyHeader header, string path, SourceLocation? at, DiagnosticBag diagnostics)
    {
        var values = GC.AllocateUninitializedArray<float>(header.Count);
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
            return ReportTruncated(header, read, path, at, diagnostics);
        return new DenseContent(path, header.Shape, values);
    }

    private static DenseContent? ReportTruncated(
        NpyHeader header, long found, string path, SourceLocation? at, DiagnosticBag diagnostics)
    {
        var needed = (long)header.Count * header.DType.Size;
        diagnostics.Report(Catalog.MalformedData, at,
            $"'{path}' is truncated: shape {NpyHeader.PythonTuple(header.Shape.AsSpan())} needs {needed} bytes of data, but only {found} follow the header");
        return null;
    }

    /// <summary>
    /// Writes <paramref name="values"/> (row-major) as format version 1.0: Boolean as <c>|b1</c>, Integer as
    /// <c>&lt;i8</c>, Real as <c>&lt;f8</c>, or <c>&lt;f4</c> when <paramref name="float32"/> is set (it
    /// affects only Real). The caller guarantees the values fit: their count is the product of the shape,
    /// and Integer values are whole numbers in the range of a long; anything else is a bug and throws.
    /// </summary>
    public static void Write(
        Stream stream, ReadOnlySpan<int> shape, ReadOnlySpan<double> values, DenseElementKind kind, bool float32 = false)
    {
        CheckCount(shape, values.Length);
        var (descr, size, encode) = ElementEncoding(kind, float32);
        stream.Write(NpyHeader.Encode(descr, shape));
        if (kind == DenseElementKind.Real && !float32 && BitConverter.IsLittleEndian)
        {
            // <f8 is a little-endian double: the array's own bytes, with no per-element encoding.
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        var buffer = new byte[Math.Min(values.Length, ChunkElements) * size];
        for (var done = 0; done < values.Length; done += ChunkElements)
        {
            var chunk = values.Slice(done, Math.Min(ChunkElements, values.Length - done));
            var bytes = buffer.AsSpan(0, chunk.Length * size);
            for (var i = 0; i < chunk.Length; i++)
                encode(chunk[i], bytes.Slice(i * size, size));
            stream.Write(bytes);
        }
    }

    /// <summary>
    /// Writes float32 values as <c>&lt;f8</c>, as <see cref="Write"/> writes Real: a float32 engine's result
    /// goes to the file a chunk at a time, without a double copy of the whole tensor.
    /// </summary>
    public static void WriteWidened(Stream stream, ReadOnlySpan<int> shape, ReadOnlySpan<float> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            var doubles = new double[values.Length];
            Widen(values, doubles);
            Write(stream, shape, doubles, DenseElementKind.Real);
            return;
        }
        CheckCount(shape, values.Length);
        stream.Write(NpyHeader.Encode("<f8", shape));
        var buffer = new double[Math.Min(values.Length, ChunkElements)];
        for (var done = 0; done < values.Length; done += ChunkElements)
        {
            var chunk = values.Slice(done, Math.Min(ChunkElements, values.Length - done));
            Widen(chunk, buffer);
            stream.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, chunk.Length)));
        }
    }

    // Optimized from the first call: a one-shot `tlc run` calls this for millions of elements at once.
    private static void Widen(ReadOnlySpan<float> values, Span<double> destination)
    {
        for (var i = 0; i < values.Length; i++)
            destination[i] = values[i];
    }

    private delegate void ElementWriter(double value, Span<byte> bytes);

    private static (string Descr, int Size, ElementWriter Encode) ElementEncoding(DenseElementKind kind, bool float32) => kind switch
    {
        DenseElementKind.Boolean => ("|b1", 1, (value, bytes) => bytes[0] = value != 0 ? (byte)1 : (byte)0),
        DenseElementKind.Integer => ("<i8", 8, (value, bytes) => BinaryPrimitives.WriteInt64LittleEndian(bytes, ToInt64(value))),
        _ when float32 => ("<f4", 4, (value, bytes) => BinaryPrimitives.WriteSingleLittleEndian(bytes, (float)value)),
        _ => ("<f8", 8, (value, bytes) => BinaryPrimitives.WriteDoubleLittleEndian(bytes, value)),
    };

    private static long ToInt64(double value)
    {
        // 2^63 is exactly representable; every double below it and at or above -2^63 converts exactly.
        const double limit = 9223372036854775808.0;
        if (value != Math.Floor(value) || value < -limit || value >= limit)
            throw new ArgumentException($"{value} is not a 64-bit integer, so it cannot be written as <i8", nameof(value));
        return (long)value;
    }

    private static void CheckCount(ReadOnlySpan<int> shape, int valueCount)
    {
        long expected = 1;
        foreach (var n in shape)
        {
            if (n < 0)
                throw new ArgumentException($"shape {NpyHeader.PythonTuple(shape)} has a negative axis", nameof(shape));
            // Saturate rather than overflow: any product beyond int.MaxValue cannot match a span's length.
            expected = Math.Min(expected * n, (long)int.MaxValue + 1);
        }
        if (expected != valueCount)
            throw new ArgumentException($"shape {NpyHeader.PythonTuple(shape)} needs {expected} values but {valueCount} were given", "values");
    }
}
