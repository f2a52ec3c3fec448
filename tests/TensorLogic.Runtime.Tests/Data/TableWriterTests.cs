using System.Text;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Tests.Data;

public class TableWriterTests
{
    [Fact]
    public void Writes_a_relation_one_fact_per_line()
    {
        string[][] rows = [["Alice", "Bob"], ["Bob", "New York"]];
        Assert.Equal("Alice\tBob\nBob\tNew York\n", Write(rows, DataFileFormat.Tsv));
        Assert.Equal("Alice,Bob\nBob,New York\n", Write(rows, DataFileFormat.Csv));
    }

    [Fact]
    public void Writes_a_sparse_real_tensor_as_indices_then_value()
    {
        string[][] rows = [["0", "1", TableWriter.FormatNumber(0.1)], ["2", "0", TableWriter.FormatNumber(-2.5e-5)]];
        Assert.Equal("0\t1\t0.1\n2\t0\t-2.5E-05\n", Write(rows, DataFileFormat.Tsv));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(-2.5e-5, "-2.5E-05")]
    [InlineData(1e21, "1E+21")]
    [InlineData(5.0, "5")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Formats_numbers_so_that_they_read_back_exactly(double value, string text)
    {
        Assert.Equal(text, TableWriter.FormatNumber(value));
        var table = TableReadTests.Parse("v.tsv", text + "\n");
        Assert.Equal(value, table.Cell(0, 0).Number ?? table.Cell(0, 0).Integer);
    }

    [Fact]
    public void Quotes_exactly_the_csv_fields_that_need_it()
    {
        string[][] rows = [["#tag", "a,b", "say \"hi\"", "", " padded", "#not-first", "plain"]];
        Assert.Equal("\"#tag\",\"a,b\",\"say \"\"hi\"\"\",\"\",\" padded\",#not-first,plain\n", Write(rows, DataFileFormat.Csv));
    }

    [Fact]
    public void Csv_fields_read_back_unchanged()
    {
        string[] fields = ["#tag", "a,b", "say \"hi\"", "", " padded ", "x\"y", "New York"];
        var text = Write([fields], DataFileFormat.Csv);
        var table = TableReadTests.Parse("r.csv", text);
        Assert.Equal(fields, TableReadTests.Texts(table).Single());
    }

    [Theory]
    [InlineData(DataFileFormat.Tsv, "a\tb", "field 'a\\tb' holds a tab, which a .tsv file cannot hold")]
    [InlineData(DataFileFormat.Tsv, "", "field '' is empty or has whitespace at an end, which a .tsv file cannot hold")]
    [InlineData(DataFileFormat.Tsv, " a", "field ' a' is empty or has whitespace at an end, which a .tsv file cannot hold")]
    [InlineData(DataFileFormat.Tsv, "a\t", "field 'a\\t' holds a tab, which a .tsv file cannot hold")]
    [InlineData(DataFileFormat.Tsv, "#a", "field '#a' starts with '#', which would make the line a comment")]
    [InlineData(DataFileFormat.Tsv, "a\nb", "field 'a\\nb' holds a line break")]
    [InlineData(DataFileFormat.Csv, "a\r\nb", "field 'a\\r\\nb' holds a line break")]
    public void Says_why_a_row_cannot_be_written(DataFileFormat format, string field, string problem)
    {
        Assert.Equal(problem, TableWriter.Check([field, "x"], format));
        var error = Assert.Throws<ArgumentException>(() => Write([[field, "x"]], format));
        Assert.StartsWith("cannot write row: " + problem, error.Message);
    }

    [Fact]
    public void Writes_tsv_symbols_with_blanks_as_they_are()
    {
        Assert.Null(TableWriter.Check(["Roberta Sr.", "Mary  Ann"], DataFileFormat.Tsv));
        Assert.Equal("Roberta Sr.\tMary  Ann\n", Write([["Roberta Sr.", "Mary  Ann"]], DataFileFormat.Tsv));
    }

    [Theory]
    [InlineData(DataFileFormat.Tsv)]
    [InlineData(DataFileFormat.Csv)]
    public void Symbols_with_blanks_read_back_as_the_same_tuples(DataFileFormat format)
    {
        using var folder = new TempFolder();
        var path = folder.File(format == DataFileFormat.Tsv ? "out.tsv" : "out.csv");
        var diagnostics = new DiagnosticBag();
        string[][] rows = [["Roberta Sr.", "Bob"], ["Mary  Ann", "Roberta Sr."], ["x y z", "2.5"]];
        Assert.True(AtomicFile.Write(path, s => TableWriter.Write(s, rows, format), null, diagnostics));
        var table = Assert.IsType<TensorLogic.Compiler.Data.TableContent>(
            new DataFileReader().Read(path, new SourceLocation(new SourceText("", "p.tl"), default), diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal(rows, TableReadTests.Texts(table));
    }

    [Fact]
    public void A_hash_after_the_first_tsv_field_is_fine()
    {
        Assert.Null(TableWriter.Check(["a", "#b"], DataFileFormat.Tsv));
        Assert.Equal("a\t#b\n", Write([["a", "#b"]], DataFileFormat.Tsv));
    }

    [Fact]
    public void Writes_UTF8_without_a_byte_order_mark_and_leaves_the_stream_open()
    {
        var stream = new MemoryStream();
        TableWriter.Write(stream, [["Zoë"]], DataFileFormat.Tsv);
        stream.WriteByte((byte)'!');
        Assert.Equal("Zoë\n!"u8.ToArray(), stream.ToArray());
    }

    [Fact]
    public void Refuses_a_format_that_is_not_a_table()
    {
        Assert.Throws<ArgumentException>(() => Write([["a"]], DataFileFormat.Npy));
    }

    [Fact]
    public void Writes_through_AtomicFile_to_a_file_the_reader_reads_back()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.csv");
        var diagnostics = new DiagnosticBag();
        string[][] rows = [["Alice", "3", "0.5"], ["Bob, Jr.", "-4", "1E-07"]];
        Assert.True(AtomicFile.Write(path, s => TableWriter.Write(s, rows, DataFileFormat.Csv), null, diagnostics));
        var table = Assert.IsType<TensorLogic.Compiler.Data.TableContent>(
            new DataFileReader().Read(path, new SourceLocation(new SourceText("", "p.tl"), default), diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal(rows, TableReadTests.Texts(table));
        Assert.Equal(-4, table.Cell(1, 1).Integer);
        Assert.Equal(1e-7, table.Cell(1, 2).Number);
    }

    private static string Write(string[][] rows, DataFileFormat format)
    {
        var stream = new MemoryStream();
        TableWriter.Write(stream, rows, format);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
