using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using static TensorLogic.Runtime.Tests.Data.DataTestSupport;

namespace TensorLogic.Runtime.Tests.Data;

public class TableReadTests
{
    [Fact]
    public void Reads_a_tab_separated_relation_skipping_comments_and_blank_lines()
    {
        var table = Parse("edges.tsv", "# parent\tchild\nAlice\tBob\n\n   \n  # indented comment\nBob\tCarol\n");
        Assert.Equal([["Alice", "Bob"], ["Bob", "Carol"]], Texts(table));
        Assert.Equal<int>([2, 6], table.Lines);
    }

    [Fact]
    public void Keeps_blanks_inside_tsv_fields()
    {
        var table = Parse("people.tsv", "Roberta Sr.\tBob\nMary  Ann\tNew York\n");
        Assert.Equal([["Roberta Sr.", "Bob"], ["Mary  Ann", "New York"]], Texts(table));
        Assert.Null(table.Rows[0][0].Integer);
        Assert.Null(table.Rows[0][0].Number);
    }

    [Fact]
    public void Trims_blanks_around_tsv_fields()
    {
        var table = Parse("cities.tsv", "  New York \t USA \nSan Jose\tCosta Rica\t\n 1 \t 2.5\n");
        Assert.Equal([["New York", "USA"], ["San Jose", "Costa Rica"], ["1", "2.5"]], Texts(table));
        Assert.Equal(1, table.Rows[2][0].Integer);
        Assert.Equal(2.5, table.Rows[2][1].Number);
    }

    // Spaces used to separate fields in a file without tabs; now such a file has one field per line,
    // whatever the rest of the file holds.
    [Fact]
    public void Reads_a_tsv_file_without_tabs_as_one_field_per_line()
    {
        var table = Parse("names.tsv", "Roberta Sr.\n  Bob  \n0 1   0.5\n");
        Assert.Equal([["Roberta Sr."], ["Bob"], ["0 1   0.5"]], Texts(table));
        Assert.Null(table.Rows[2][0].Number);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("+3", 3L)]
    [InlineData("-0", 0L)]
    [InlineData("007", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Classifies_integers(string text, long value)
    {
        var cell = Cell(text);
        Assert.Equal((long?)value, cell.Integer);
        Assert.Null(cell.Number);
        Assert.Equal(text, cell.Text);
    }

    [Theory]
    [InlineData("2.5", 2.5)]
    [InlineData("-0.125", -0.125)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-2", 0.01)]
    [InlineData("+2.5e+2", 250.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("9223372036854775808", 9223372036854775808.0)]
    [InlineData("1e999", double.PositiveInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    public void Classifies_numbers(string text, double value)
    {
        var cell = Cell(text);
        Assert.Equal(value, cell.Number);
        Assert.Null(cell.Integer);
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    [InlineData("1,5")]
    [InlineData("Nan")]
    [InlineData("INF")]
    [InlineData("x1")]
    [InlineData("٣")]
    public void Classifies_anything_else_as_a_symbol(string text)
    {
        var cell = Cell(text);
        Assert.Null(cell.Integer);
        Assert.Null(cell.Number);
        Assert.Equal(text, cell.Text);
    }

    [Fact]
    public void Reads_quoted_csv_fields()
    {
        var table = Parse("p.csv", "Alice, \"Bob \"\"the builder\"\" Smith\" ,\"a,b\"\n\"\",\"  padded \",x\"y\n");
        Assert.Equal([["Alice", "Bob \"the builder\" Smith", "a,b"], ["", "  padded ", "x\"y"]], Texts(table));
    }

    [Fact]
    public void Reads_csv_fields_with_blanks_and_quoted_commas()
    {
        var table = Parse("people.csv", "\"Roberta Sr.\", Bob\n\"Smith, Roberta\",  Mary  Ann  \n\" Bob \",\"a, \"\"b\"\"\"\n");
        Assert.Equal([["Roberta Sr.", "Bob"], ["Smith, Roberta", "Mary  Ann"], [" Bob ", "a, \"b\""]], Texts(table));
    }

    [Fact]
    public void A_quoted_csv_field_is_always_a_symbol()
    {
        var table = Parse("p.csv", "\"007\",007,\"2.5\"\n");
        Assert.Null(table.Rows[0][0].Integer);
        Assert.Equal(7, table.Rows[0][1].Integer);
        Assert.Null(table.Rows[0][2].Number);
    }

    [Fact]
    public void Reads_csv_numbers_and_negative_values()
    {
        var table = Parse("w.csv", "0,1,-0.5\n2,-3,4e-1\n");
        Assert.Equal([0L, 1L, null], table.Rows[0].Select(c => c.Integer));
        Assert.Equal(-0.5, table.Rows[0][2].Number);
        Assert.Equal(-3, table.Rows[1][1].Integer);
        Assert.Equal(0.4, table.Rows[1][2].Number);
    }

    [Theory]
    [InlineData("a,1\r\nb,2\r\n")]
    [InlineData("a,1\nb,2")]
    [InlineData("a,1\rb,2\r")]
    public void Handles_every_line_ending(string text)
    {
        var table = Parse("t.csv", text);
        Assert.Equal([["a", "1"], ["b", "2"]], Texts(table));
        Assert.Equal<int>([1, 2], table.Lines);
    }

    [Fact]
    public void Keeps_the_file_text_for_later_diagnostics()
    {
        const string text = "Alice\tBob\n";
        var table = Parse("edges.tsv", text);
        Assert.Equal(text, table.Source.Text);
        Assert.Equal("edges.tsv", table.Source.Path);
        Assert.Equal("edges.tsv", table.Path);
    }

    [Fact]
    public void Reads_an_empty_file_as_no_rows()
    {
        Assert.Empty(Parse("e.tsv", "").Rows);
        Assert.Empty(Parse("e.csv", "# nothing yet\n\n").Rows);
    }

    [Fact]
    public void A_first_line_of_column_names_is_a_row_like_any_other()
    {
        var table = Parse("p.csv", "parent,child\nAlice,Bob\n");
        Assert.Equal([["parent", "child"], ["Alice", "Bob"]], Texts(table));
    }

    [Fact]
    public void DataFileReader_reads_tables_and_skips_a_byte_order_mark()
    {
        using var folder = new TempFolder();
        var path = folder.Write("Edges.CSV", [0xEF, 0xBB, 0xBF, .. "Alice,Bob\n"u8]);
        var diagnostics = new DiagnosticBag();
        var table = Assert.IsType<TableContent>(new DataFileReader().Read(path, At, diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal([["Alice", "Bob"]], Texts(table));
        Assert.Equal(path, table.Source.Path);
    }

    internal static TableContent Parse(string path, string text)
    {
        var diagnostics = new DiagnosticBag();
        var format = DataFileFormats.FromPath(path)!.Value;
        var table = TableParser.Parse(new SourceText(text, path), format, diagnostics);
        Assert.Equal("", Render(diagnostics));
        return Assert.IsType<TableContent>(table);
    }

    private static DataCell Cell(string text) => Parse("c.tsv", text + "\n").Rows.Single().Single();

    private static string[][] Texts(TableContent table) => [.. table.Rows.Select(row => row.Select(c => c.Text).ToArray())];
}
