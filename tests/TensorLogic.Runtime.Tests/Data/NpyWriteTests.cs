using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using static TensorLogic.Runtime.Tests.Data.DataTestSupport;

namespace TensorLogic.Runtime.Tests.Data;

public class NpyWriteTests
{
    /// <summary>
    /// Each case is an array that make_fixtures.py saved with np.save into fixtures/write/. Equal bytes show
    /// that the header (its dict, NumPy's spare room for growth and the padding to 64 bytes) and the data
    /// match NumPy exactly, and hence that NumPy loads what NpyFormat.Write writes.
    /// </summary>
    public static TheoryData<string, int[], double[], DenseElementKind, bool> NumPyFiles => new()
    {
        { "f8_2x3.npy", [2, 3], [0.5, -1.25, 3.0, 1e-300, -2.5e10, 0.1], DenseElementKind.Real, false },
        { "f4_3.npy", [3], [0.5, -1.25, 0.1], DenseElementKind.Real, true },
        { "b1_2x2.npy", [2, 2], [1, 0, 0, 1], DenseElementKind.Boolean, false },
        { "i8_4.npy", [4], [-3, 0, 7, 9007199254740992], DenseElementKind.Integer, false },
        { "scalar_f8.npy", [], [2.5], DenseElementKind.Real, false },
        { "f8_2x3x4.npy", [2, 3, 4], [.. Enumerable.Range(0, 24).Select(i => (double)i)], DenseElementKind.Real, false },
        { "empty_2x0x3.npy", [2, 0, 3], [], DenseElementKind.Real, false },
        { "f8_10x1.npy", [10, 1], [.. Enumerable.Range(0, 10).Select(i => (double)i)], DenseElementKind.Real, false },
        { "boundary.npy", [.. Enumerable.Repeat(1, 14), 10], [.. Enumerable.Range(0, 10).Select(i => (double)i)], DenseElementKind.Real, false },
    };

    [Theory]
    [MemberData(nameof(NumPyFiles))]
    public void Writes_the_same_bytes_as_NumPy(string file, int[] shape, double[] values, DenseElementKind kind, bool float32)
    {
        var written = Write(shape, values, kind, float32);
        Assert.Equal(File.ReadAllBytes(Fixture("write/" + file)), written);
    }

    [Fact]
    public void A_header_that_ends_on_the_boundary_gets_a_full_64_bytes_of_padding()
    {
        var bytes = Write([.. Enumerable.Repeat(1, 14), 10], new double[10], DenseElementKind.Real, float32: false);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(182, headerLength);
        Assert.Equal(new string(' ', 64) + "\n", System.Text.Encoding.ASCII.GetString(bytes, 10 + headerLength - 65, 65));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 123456789, 0 })]
    [InlineData(new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0 })]
    public void Data_always_starts_at_a_multiple_of_64_after_a_newline(int[] shape)
    {
        var count = shape.Aggregate(1, (p, n) => p * n);
        var bytes = Write(shape, new double[count], DenseElementKind.Real, float32: false);
        var dataStart = 10 + BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, dataStart % 64);
        Assert.Equal((byte)'\n', bytes[dataStart - 1]);
        Assert.Equal(dataStart + 8 * count, bytes.Length);
    }

    public static TheoryData<int[], double[], DenseElementKind> RoundTrips => new()
    {
        { [], [-0.25], DenseElementKind.Real },
        { [5], [double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -0.0], DenseElementKind.Real },
        { [2, 1, 3], [1, 0, 0, 1, 1, 0], DenseElementKind.Boolean },
        { [3], [-9223372036854775808.0, 0, 9007199254740993.0], DenseElementKind.Integer },
        { [0], [], DenseElementKind.Integer },
        { [4, 0, 2], [], DenseElementKind.Boolean },
        { [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8], DenseElementKind.Real },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Reads_back_what_it_writes(int[] shape, double[] values, DenseElementKind kind)
    {
        var content = ReadBack(Write(shape, values, kind, float32: false));
        Assert.Equal<int>(shape, content.Shape);
        Assert.Equal(values, content.Values);
        Assert.Equal(kind, content.Kind);
    }

    [Theory]
    [InlineData(DenseElementKind.Real)]
    [InlineData(DenseElementKind.Integer)]
    [InlineData(DenseElementKind.Boolean)]
    public void Round_trips_arrays_larger_than_one_conversion_chunk(DenseElementKind kind)
    {
        var values = Enumerable.Range(0, 3 * 70001).Select(i => kind == DenseElementKind.Boolean ? i % 3 % 2 : i - 100000.0).ToArray();
        var content = ReadBack(Write([3, 70001], values, kind, float32: false));
        Assert.Equal(values, content.Values);
    }

    [Fact]
    public void Widened_float32_values_are_the_bytes_NumPy_saves_for_float64()
    {
        var stream = new MemoryStream();
        NpyFormat.WriteWidened(stream, [2, 3, 4], [.. Enumerable.Range(0, 24).Select(i => (float)i)]);
        Assert.Equal(File.ReadAllBytes(Fixture("write/f8_2x3x4.npy")), stream.ToArray());
    }

    [Fact]
    public void Widens_float32_exactly_across_conversion_chunks()
    {
        var singles = Enumerable.Range(0, 3 * 70001).Select(i => (i - 100000) * 0.1f).ToArray();
        var stream = new MemoryStream();
        NpyFormat.WriteWidened(stream, [3, 70001], singles);
        Assert.Equal(singles.Select(v => (double)v), ReadBack(stream.ToArray()).Values);
    }

    [Fact]
    public void Float32_rounds_to_single_precision()
    {
        var bytes = Write([2], [0.1, 3.5], DenseElementKind.Real, float32: true);
        Assert.Equal("<f4", System.Text.Encoding.ASCII.GetString(bytes, 21, 3));
        Assert.Equal([(double)0.1f, 3.5], ReadBack(bytes).Values);
    }

    [Fact]
    public void Float32_does_not_change_booleans_or_integers()
    {
        Assert.Equal(Write([1], [5], DenseElementKind.Integer, float32: false), Write([1], [5], DenseElementKind.Integer, float32: true));
        Assert.Equal(Write([1], [1], DenseElementKind.Boolean, float32: false), Write([1], [1], DenseElementKind.Boolean, float32: true));
    }

    [Fact]
    public void Booleans_are_written_as_zero_or_one_bytes()
    {
        var bytes = Write([3], [0, 2.5, -1], DenseElementKind.Boolean, float32: false);
        Assert.Equal(new byte[] { 0, 1, 1 }, bytes[^3..]);
    }

    [Fact]
    public void A_value_count_that_does_not_match_the_shape_is_a_caller_bug()
    {
        var error = Assert.Throws<ArgumentException>(() => Write([2, 3], [1, 2], DenseElementKind.Real, float32: false));
        Assert.StartsWith("shape (2, 3) needs 6 values but 2 were given", error.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    [InlineData(9223372036854775808.0)]
    public void An_integer_tensor_holding_a_non_integer_is_a_caller_bug(double value)
    {
        Assert.Throws<ArgumentException>(() => Write([1], [value], DenseElementKind.Integer, float32: false));
    }

    private static byte[] Write(int[] shape, double[] values, DenseElementKind kind, bool float32)
    {
        var stream = new MemoryStream();
        NpyFormat.Write(stream, shape, values, kind, float32);
        return stream.ToArray();
    }

    private static DenseContent ReadBack(byte[] bytes)
    {
        var diagnostics = new DiagnosticBag();
        var content = NpyFormat.Read(new MemoryStream(bytes), "w.npy", At, diagnostics);
        Assert.Equal("", Render(diagnostics));
        return Assert.IsType<DenseContent>(content);
    }
}
