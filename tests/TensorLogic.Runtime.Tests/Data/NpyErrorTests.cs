using System.Text;
using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using static TensorLogic.Runtime.Tests.Data.DataTestSupport;

namespace TensorLogic.Runtime.Tests.Data;

/// <summary>Headers as other writers produce them, and files the reader must refuse with a clear message.</summary>
public class NpyErrorTests
{
    private const string Dtypes =
        "  = help: supported dtypes are bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, float32 and float64\n";

    [Theory]
    [InlineData("{\"descr\":\"<f8\",\"shape\":(3,),\"fortran_order\":False}")]
    [InlineData("{ 'descr' : '<f8' , 'fortran_order' : False , 'shape' : ( 3 , ) , }")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3L,), 'extra': [1, (2, 'x'), None]}")]
    [InlineData("{'descr': 'f8', 'fortran_order': False, 'shape': (3)}")]
    [InlineData("{'descr': '=f8', 'fortran_order': False, 'shape': [3]}")]
    public void Parses_headers_in_any_spelling_Python_accepts(string dict)
    {
        var content = Read(Npy(dict, data: Doubles(1, 2, 3)), out var diagnostics);
        Assert.Equal("", diagnostics);
        Assert.Equal<int>([3], content!.Shape);
        Assert.Equal([1.0, 2.0, 3.0], content.Values);
    }

    [Theory]
    [InlineData("<i1", new[] { -1.0, 127.0 }, DenseElementKind.Integer)]
    [InlineData(">u1", new[] { 255.0, 127.0 }, DenseElementKind.Integer)]
    [InlineData("<b1", new[] { 1.0, 1.0 }, DenseElementKind.Boolean)]
    public void Ignores_the_byte_order_of_one_byte_types(string dtype, double[] values, DenseElementKind kind)
    {
        var content = Read(Npy($"{{'descr': '{dtype}', 'fortran_order': False, 'shape': (2,)}}", data: [0xFF, 0x7F]), out var diagnostics);
        Assert.Equal("", diagnostics);
        Assert.Equal(values, content!.Values);
        Assert.Equal(kind, content.Kind);
    }

    [Fact]
    public void Parses_a_scalar_shape()
    {
        var content = Read(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", data: Doubles(4)), out var diagnostics);
        Assert.Equal("", diagnostics);
        Assert.Empty(content!.Shape);
        Assert.Equal([4.0], content.Values);
    }

    [Fact]
    public void Ignores_bytes_after_the_data_as_NumPy_does()
    {
        var content = Read(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", data: Doubles(4, 5)), out _);
        Assert.Equal([4.0], content!.Values);
    }

    [Fact]
    public void Refuses_Fortran_order()
    {
        Assert.Equal(
            "prog.tl:1:8: error TL5004: 'w.npy' is stored in Fortran (column-major) order, which is not supported\n" + AtSnippet +
            "  = help: save it in C order, e.g. np.save(path, np.ascontiguousarray(a))\n",
            ReadFixtureErrors("fortran_2x3.npy"));
    }

    [Theory]
    [InlineData("complex.npy", "<c16")]
    [InlineData("unicode.npy", "<U3")]
    public void Refuses_dtypes_that_are_not_numbers(string file, string dtype)
    {
        Assert.Equal(
            $"prog.tl:1:8: error TL5004: 'w.npy' has dtype '{dtype}', which is not supported\n" + AtSnippet + Dtypes,
            ReadFixtureErrors(file));
    }

    [Fact]
    public void Refuses_structured_dtypes()
    {
        Assert.Equal(
            "prog.tl:1:8: error TL5004: 'w.npy' has a structured dtype (named fields), which is not supported\n" + AtSnippet + Dtypes,
            ReadFixtureErrors("record.npy"));
    }

    [Fact]
    public void Reports_truncated_data()
    {
        var bytes = File.ReadAllBytes(Fixture("read/f8_2x3.npy"));
        Read(bytes[..^4], out var diagnostics);
        Assert.Equal(
            "prog.tl:1:8: error TL5002: 'w.npy' is truncated: shape (2, 3) needs 48 bytes of data, but only 44 follow the header\n" + AtSnippet,
            diagnostics);
    }

    [Fact]
    public void Reports_truncated_data_from_a_stream_that_cannot_seek()
    {
        var bytes = File.ReadAllBytes(Fixture("read/f8_2x3.npy"));
        var diagnostics = new DiagnosticBag();
        Assert.Null(NpyFormat.Read(new UnseekableStream(bytes[..^12]), "w.npy", At, diagnostics));
        Assert.Equal(
            "prog.tl:1:8: error TL5002: 'w.npy' is truncated: shape (2, 3) needs 48 bytes of data, but only 36 follow the header\n" + AtSnippet,
            Render(diagnostics));
    }

    [Fact]
    public void Reports_a_header_that_promises_more_than_the_file_holds_before_allocating()
    {
        Read(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000,)}", data: Doubles(1)), out var diagnostics);
        Assert.Equal(
            "prog.tl:1:8: error TL5002: 'w.npy' is truncated: shape (2000000000,) needs 16000000000 bytes of data, but only 8 follow the header\n" + AtSnippet,
            diagnostics);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(40)]
    public void Reports_a_truncated_header(int length)
    {
        var bytes = File.ReadAllBytes(Fixture("read/f8_2x3.npy"));
        Read(bytes[..length], out var diagnostics);
        Assert.Equal("prog.tl:1:8: error TL5002: 'w.npy' is truncated: its header is cut off\n" + AtSnippet, diagnostics);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a,b\n1,2\n")]
    public void Reports_a_file_that_is_not_npy(string text)
    {
        Read(Encoding.ASCII.GetBytes(text), out var diagnostics);
        Assert.Equal(
            "prog.tl:1:8: error TL5002: 'w.npy' is not a NumPy .npy file: it does not start with \\x93NUMPY\n" + AtSnippet,
            diagnostics);
    }

    [Fact]
    public void Reports_an_unknown_format_version()
    {
        var bytes = File.ReadAllBytes(Fixture("read/f8_2x3.npy"));
        bytes[6] = 4;
        Read(bytes, out var diagnostics);
        Assert.Equal(
            "prog.tl:1:8: error TL5004: 'w.npy' uses .npy format version 4.0; versions 1.0, 2.0 and 3.0 are supported\n" + AtSnippet,
            diagnostics);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)", "has a malformed header: expected '}' at offset 55")]
    [InlineData("{'descr': '<f8' 'fortran_order': False}", "has a malformed header: expected '}' but found ''' at offset 16")]
    [InlineData("{'descr': '<f8, 'shape': (3,)}", "has a malformed header: expected '}' but found 's' at offset 17")]
    [InlineData("{'descr': '<f8', 'fortran_order': false, 'shape': (3,)}", "has a malformed header: unexpected name 'false' at offset 34")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)} x", "has a malformed header: unexpected text after the literal at offset 56")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", "has a malformed header: invalid integer at offset 51")]
    [InlineData("{3: '<f8'}", "has a malformed header: a dictionary key is not a string at offset 2")]
    [InlineData("('<f8', False, (3,))", "has a malformed header: it is not a dictionary")]
    [InlineData("{'fortran_order': False, 'shape': (3,)}", "has a malformed header: it has no 'descr'")]
    [InlineData("{'descr': '<f8', 'shape': (3,)}", "has a malformed header: 'fortran_order' is missing or not True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (3,)}", "has a malformed header: 'fortran_order' is missing or not True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': False}", "has a malformed header: 'shape' is missing or not a tuple of non-negative integers")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1)}", "has a malformed header: 'shape' is missing or not a tuple of non-negative integers")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': 3}", "has a malformed header: 'shape' is missing or not a tuple of non-negative integers")]
    public void Reports_a_malformed_header(string dict, string message)
    {
        Read(Npy(dict, data: Doubles(1, 2, 3)), out var diagnostics);
        Assert.Equal($"prog.tl:1:8: error TL5002: 'w.npy' {message}\n" + AtSnippet, diagnostics);
    }

    [Theory]
    [InlineData("<f16")]
    [InlineData("<f")]
    [InlineData("<i3")]
    [InlineData("|b2")]
    [InlineData("|O")]
    [InlineData("<M8[ns]")]
    public void Reports_an_unsupported_dtype(string dtype)
    {
        Read(Npy($"{{'descr': '{dtype}', 'fortran_order': False, 'shape': (1,)}}", data: Doubles(0, 0)), out var diagnostics);
        Assert.Equal($"prog.tl:1:8: error TL5004: 'w.npy' has dtype '{dtype}', which is not supported\n" + AtSnippet + Dtypes, diagnostics);
    }

    [Theory]
    [InlineData("(3000000000,)")]
    [InlineData("(100000, 100000, 100000)")]
    public void Reports_a_shape_too_large_for_a_tensor(string shape)
    {
        Read(Npy($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}}}"), out var diagnostics);
        Assert.Equal(
            $"prog.tl:1:8: error TL5007: 'w.npy' has shape {shape}, more elements than a tensor can hold\n" + AtSnippet,
            diagnostics);
    }

    [Fact]
    public void A_zero_axis_makes_the_array_empty_however_large_the_others_are()
    {
        var content = Read(Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 100000, 100000, 100000)}"), out var diagnostics);
        Assert.Equal("", diagnostics);
        Assert.Empty(content!.Values);
    }

    [Fact]
    public void Reads_version_2_and_3_headers_with_four_length_bytes()
    {
        foreach (byte major in new byte[] { 2, 3 })
        {
            var content = Read(Npy("{'descr': '<i2', 'fortran_order': False, 'shape': (1,)}", major, [0xFF, 0x7F]), out var diagnostics);
            Assert.Equal("", diagnostics);
            Assert.Equal([32767.0], content!.Values);
        }
    }

    /// <summary>A stream like a pipe's, which reads in small pieces and cannot tell its length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 5)]);
    }

    /// <summary>A .npy file with <paramref name="dict"/> as its header, unpadded: alignment is not required to read.</summary>
    private static byte[] Npy(string dict, byte major = 1, byte[]? data = null)
    {
        var header = Encoding.Latin1.GetBytes(dict + "\n");
        var length = major == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes(header.Length);
        return [0x93, .. "NUMPY"u8, major, 0, .. length, .. header, .. data ?? []];
    }

    private static byte[] Doubles(params double[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    private static DenseContent? Read(byte[] bytes, out string diagnostics)
    {
        var bag = new DiagnosticBag();
        var content = NpyFormat.Read(new MemoryStream(bytes), "w.npy", At, bag);
        diagnostics = Render(bag);
        Assert.Equal(content is null, bag.HasErrors);
        return content;
    }

    private static string ReadFixtureErrors(string file)
    {
        Read(File.ReadAllBytes(Fixture("read/" + file)), out var diagnostics);
        return diagnostics;
    }
}
