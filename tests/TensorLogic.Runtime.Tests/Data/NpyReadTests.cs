using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using static TensorLogic.Runtime.Tests.Data.DataTestSupport;

namespace TensorLogic.Runtime.Tests.Data;

/// <summary>Files written by real NumPy (fixtures/make_fixtures.py); the values here repeat that script's.</summary>
public class NpyReadTests
{
    private const double F4Tenth = 0.100000001490116119384765625; // (double)0.1f

    public static TheoryData<string, double[], DenseElementKind> OneDimensional => new()
    {
        { "f2", [0.5, -2.0, 65504.0], DenseElementKind.Real },
        { "f4", [0.5, -1.25, F4Tenth], DenseElementKind.Real },
        { "f8", [0.5, -1.25, 3.0, 1e-300, -2.5e10, 0.1], DenseElementKind.Real },
        { "i1", [-128, -1, 0, 127], DenseElementKind.Integer },
        { "i2", [-32768, -1, 32767], DenseElementKind.Integer },
        { "i4", [-2147483648, -1, 2147483647], DenseElementKind.Integer },
        { "i8", [-9223372036854775808.0, -1, 9223372036854775807.0], DenseElementKind.Integer },
        { "u1", [0, 1, 255], DenseElementKind.Integer },
        { "u2", [0, 1, 65535], DenseElementKind.Integer },
        { "u4", [0, 1, 4294967295], DenseElementKind.Integer },
        { "u8", [0, 1, 18446744073709551615.0], DenseElementKind.Integer },
    };

    [Theory]
    [MemberData(nameof(OneDimensional))]
    public void Reads_every_dtype_in_both_byte_orders(string code, double[] values, DenseElementKind kind)
    {
        var files = code.EndsWith('1') ? new[] { $"{code}.npy" } : [$"le_{code}.npy", $"be_{code}.npy"];
        foreach (var file in files)
        {
            var content = ReadFixture(file);
            Assert.Equal<int>([values.Length], content.Shape);
            Assert.Equal(values, content.Values);
            Assert.Equal(kind, content.Kind);
        }
    }

    /// <summary>float32 in the host's order is kept as float32 (engines in float32 read it as it is); other orders are widened.</summary>
    [Fact]
    public void Keeps_little_endian_float32_as_float32()
    {
        var little = ReadFixture("le_f4.npy");
        var big = ReadFixture("be_f4.npy");

        Assert.Equal([0.5f, -1.25f, 0.1f], little.Singles!);
        Assert.Null(big.Singles);
        Assert.Equal(big.Values, little.Values);
    }

    [Fact]
    public void Reads_a_matrix_in_row_major_order()
    {
        var content = ReadFixture("f8_2x3.npy");
        Assert.Equal<int>([2, 3], content.Shape);
        Assert.Equal([0.5, -1.25, 3.0, 1e-300, -2.5e10, 0.1], content.Values);
    }

    [Fact]
    public void Reads_booleans_as_zero_and_one()
    {
        var content = ReadFixture("b1_2x2.npy");
        Assert.Equal(DenseElementKind.Boolean, content.Kind);
        Assert.Equal<int>([2, 2], content.Shape);
        Assert.Equal([1.0, 0.0, 0.0, 1.0], content.Values);
    }

    [Fact]
    public void Reads_a_scalar_with_an_empty_shape()
    {
        var content = ReadFixture("scalar_f8.npy");
        Assert.Empty(content.Shape);
        Assert.Equal([2.5], content.Values);
    }

    [Fact]
    public void Reads_three_dimensions()
    {
        var content = ReadFixture("i4_2x3x4.npy");
        Assert.Equal<int>([2, 3, 4], content.Shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (double)i), content.Values);
    }

    [Fact]
    public void Reads_an_empty_dimension()
    {
        var content = ReadFixture("empty_2x0x3.npy");
        Assert.Equal<int>([2, 0, 3], content.Shape);
        Assert.Empty(content.Values);
    }

    [Theory]
    [InlineData("v2_f8.npy")]
    [InlineData("v3_f8.npy")]
    public void Reads_format_versions_2_and_3(string file)
    {
        var content = ReadFixture(file);
        Assert.Equal<int>([3], content.Shape);
        Assert.Equal([1.0, 2.0, 3.0], content.Values);
    }

    [Fact]
    public void DataFileReader_reads_npy_whatever_the_case_of_the_extension()
    {
        using var folder = new TempFolder();
        var path = folder.Write("W.NPY", File.ReadAllBytes(Fixture("read/f8_2x3.npy")));
        var diagnostics = new DiagnosticBag();
        var content = Assert.IsType<DenseContent>(new DataFileReader().Read(path, At, diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal(path, content.Path);
        Assert.Equal<int>([2, 3], content.Shape);
    }

    private static DenseContent ReadFixture(string file)
    {
        var diagnostics = new DiagnosticBag();
        using var stream = File.OpenRead(Fixture("read/" + file));
        var content = NpyFormat.Read(stream, file, At, diagnostics);
        Assert.Equal("", Render(diagnostics));
        return Assert.IsType<DenseContent>(content);
    }
}
