using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using TensorLogic.Compiler.Data;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// A NumPy element type as written in a header's <c>descr</c>, e.g. <c>&lt;f8</c> (little-endian float64),
/// <c>&gt;i4</c> (big-endian int32) or <c>|b1</c> (bool; '|' means byte order does not apply). Only the
/// numeric types that convert to double are supported.
/// </summary>
internal readonly record struct NpyDType(char Kind, int Size, bool BigEndian)
{
    public const string SupportedList =
        "supported dtypes are bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, float32 and float64";

    private delegate double ElementReader(ReadOnlySpan<byte> bytes);

    /// <summary>The dtype of <paramref name="descr"/>, or null if it is not a supported one.</summary>
    public static NpyDType? Parse(string descr)
    {
        // '=' is native order; NumPy never writes it, but other writers might, and every host we run on
        // is little-endian.
        var hasOrder = descr.Length > 0 && descr[0] is '<' or '>' or '|' or '=';
        var code = hasOrder ? descr[1..] : descr;
        if (code.Length < 2 || !int.TryParse(code.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            return null;
        var dtype = new NpyDType(code[0], size, BigEndian: hasOrder && descr[0] == '>');
        return dtype.IsSupported ? dtype : null;
    }

    public DenseElementKind ElementKind => Kind switch
    {
        'b' => DenseElementKind.Boolean,
        'f' => DenseElementKind.Real,
        _ => DenseElementKind.Integer,
    };

    private bool IsSupported => (Kind, Size) switch
    {
        ('b', 1) => true,
        ('i' or 'u', 1 or 2 or 4 or 8) => true,
        ('f', 2 or 4 or 8) => true,
        _ => false,
    };

    /// <summary>Converts <paramref name="bytes"/> (a whole number of elements) to doubles.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, Span<double> values)
    {
        // The common case, float64 in the host's order, is a plain copy.
        if (Kind == 'f' && Size == 8 && BigEndian != BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, double>(bytes).CopyTo(values);
            return;
        }
        var read = Reader();
        for (var i = 0; i < values.Length; i++)
            values[i] = read(bytes.Slice(i * Size, Size));
    }

    private ElementReader Reader() => (Kind, Size, BigEndian) switch
    {
        ('b', _, _) => b => b[0] != 0 ? 1.0 : 0.0,
        ('i', 1, _) => b => (sbyte)b[0],
        ('u', 1, _) => b => b[0],
        ('i', 2, false) => b => BinaryPrimitives.ReadInt16LittleEndian(b),
        ('i', 2, true) => b => BinaryPrimitives.ReadInt16BigEndian(b),
        ('i', 4, false) => b => BinaryPrimitives.ReadInt32LittleEndian(b),
        ('i', 4, true) => b => BinaryPrimitives.ReadInt32BigEndian(b),
        ('i', 8, false) => b => BinaryPrimitives.ReadInt64LittleEndian(b),
        ('i', 8, true) => b => BinaryPrimitives.ReadInt64BigEndian(b),
        ('u', 2, false) => b => BinaryPrimitives.ReadUInt16LittleEndian(b),
        ('u', 2, true) => b => BinaryPrimitives.ReadUInt16BigEndian(b),
        ('u', 4, false) => b => BinaryPrimitives.ReadUInt32LittleEndian(b),
        ('u', 4, true) => b => BinaryPrimitives.ReadUInt32BigEndian(b),
        ('u', 8, false) => b => BinaryPrimitives.ReadUInt64LittleEndian(b),
        ('u', 8, true) => b => BinaryPrimitives.ReadUInt64BigEndian(b),
        ('f', 2, false) => b => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
        ('f', 2, true) => b => (double)BinaryPrimitives.ReadHalfBigEndian(b),
        ('f', 4, false) => b => BinaryPrimitives.ReadSingleLittleEndian(b),
        ('f', 4, true) => b => BinaryPrimitives.ReadSingleBigEndian(b),
        ('f', 8, false) => b => BinaryPrimitives.ReadDoubleLittleEndian(b),
        ('f', 8, true) => b => BinaryPrimitives.ReadDoubleBigEndian(b),
        _ => throw new InvalidOperationException($"dtype {this} was not validated"),
    };
}
