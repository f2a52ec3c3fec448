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
        Assert.Null(Cells(table)[0][0].Integer);
        Assert.Null(Cells(table)[0][0].Number);
    }

    [Fact]
    public void Trims_blanks_around_tsv_fields()
    {
        var table = Parse("cities.tsv", "  New York \t USA \nSan Jose\tCosta Rica\t\n 1 \t 2.5\n");
        Assert.Equal([["New York", "USA"], ["San Jose", "Costa Rica"], ["1", "2.5"]], Texts(table));
        Assert.Equal(1, Cells(table)[2][0].Integer);
        Assert.Equal(2.5, Cells(table)[2][1].Number);
    }

    // Spaces used to separate fields in a file without tabs; now such a file has one field per line,
    // whatever the rest of the file holds.
    [Fact]
    public void Reads_a_tsv_file_without_tabs_as_one_field_per_line()
    {
        var table = Parse("names.tsv", "Roberta Sr.\n  Bob  \n0 1   0.5\n");
        Assert.Equal([["Roberta Sr."], ["Bob"], ["0 1   0.5"]], Texts(table));
        Assert.Null(Cells(table)[2][0].Number);
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
    [InlineData("-0.0")]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("+.5")]
    [InlineData("-7.")]
    [InlineData("12345678901234.5")]
    [InlineData("123456789012345.6")]
    [InlineData("9007199254740993.0")]
    [InlineData("0.000000000000001")]
    [InlineData("0.0000000000000001")]
    [InlineData("999999999999999.")]
    public void Reads_a_decimal_as_double_Parse_does(string text)
    {
        Assert.Equal(
            BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
            BitConverter.DoubleToInt64Bits(Cell(text).Number!.Value));
    }

    // Short decimals are divided rather than parsed; the result must be the same double to the last bit.
    [Fact]
    public void Reads_random_decimals_as_double_Parse_does()
    {
        var random = new Random(20240611);
        var texts = new List<string>();
        for (var i = 0; i < 20_000; i++)
        {
            var whole = random.Next(0, 10);
            var fraction = random.Next(whole == 0 ? 1 : 0, 12);
            var digits = string.Concat(Enumerable.Range(0, whole + fraction).Select(_ => (char)('0' + random.Next(10))));
            texts.Add(new[] { "", "-", "+" }[random.Next(3)] + digits[..whole] + "." + digits[whole..]);
        }
        var table = Parse("d.tsv", string.Join("\n", texts));
        for (var i = 0; i < texts.Count; i++)
        {
            var expected = double.Parse(texts[i], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(table.Cell(i, 0).Number!.Value),
                $"{texts[i]}: {table.Cell(i, 0).Number:R}, not {expected:R}");
        }
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
        Assert.Null(Cells(table)[0][0].Integer);
        Assert.Equal(7, Cells(table)[0][1].Integer);
        Assert.Null(Cells(table)[0][2].Number);
    }

    [Fact]
    public void Reads_csv_numbers_and_negative_values()
    {
        var table = Parse("w.csv", "0,1,-0.5\n2,-3,4e-1\n");
        Assert.Equal([0L, 1L, null], Cells(table)[0].Select(c => c.Integer));
        Assert.Equal(-0.5, Cells(table)[0][2].Number);
        Assert.Equal(-3, Cells(table)[1][1].Integer);
        Assert.Equal(0.4, Cells(table)[1][2].Number);
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
        Assert.Empty(Cells(Parse("e.tsv", "")));
        Assert.Empty(Cells(Parse("e.csv", "# nothing yet\n\n")));
    }

    [Fact]
    public void A_first_line_of_column_names_is_a_row_like_any_other()
    {
        var table = Parse("p.csv", "parent,child\nAlice,Bob\n");
        Assert.Equal([["parent", "child"], ["Alice", "Bob"]], Texts(table));
    }

    [Fact]
    public void Reads_integers_of_every_spelling()
    {
        var table = Parse("i.tsv",
            "0\t-1\n+2\t007\n9223372036854775807\t-9223372036854775808\n" +
            "000000000000000000000042\t-000000000000000000001\n12345678901234567890\t-9223372036854775809\n" +
            "999999999999999999\t-999999999999999999\n1000000000000000000\t-00\n");
        Assert.Equal(
            [[0L, -1L], [2L, 7L], [long.MaxValue, long.MinValue], [42L, -1L], [null, null],
             [999999999999999999L, -999999999999999999L], [1000000000000000000L, 0L]],
            Integers(table));
        Assert.Equal([1.2345678901234567e19, -9.223372036854775809e18], Numbers(table)[4]);
        Assert.Equal(
            [["0", "-1"], ["+2", "007"], ["9223372036854775807", "-9223372036854775808"],
             ["000000000000000000000042", "-000000000000000000001"], ["12345678901234567890", "-9223372036854775809"],
             ["999999999999999999", "-999999999999999999"], ["1000000000000000000", "-00"]],
            Texts(table));
    }

    // Columns hold 32-bit values until one does not fit; what came before must survive the change.
    [Fact]
    public void Keeps_values_exact_when_a_column_outgrows_32_bits()
    {
        var table = Parse("w.tsv", "1\t0.0\n-2147483648\t5e-324\n2147483647\t-0.0\n2147483648\t1.5\n-9223372036854775808\t7\n");
        Assert.Equal([1L, int.MinValue, int.MaxValue, 2147483648L, long.MinValue], Integers(table).Select(r => r[0]));
        var values = Cells(table).Select(r => r[1]).ToArray();
        Assert.Equal([0L, 1L, long.MinValue], values[..3].Select(c => BitConverter.DoubleToInt64Bits(c.Number!.Value)));
        Assert.Equal(1.5, values[3].Number);
        Assert.Equal(7, values[4].Integer);
    }

    [Fact]
    public void Keeps_the_kind_of_each_field_when_a_column_mixes_them()
    {
        var table = Parse("m.csv", "1,a\n-2,b\nx,3\n2.5,4\nNaN,c\n\"3\",d\n-inf,e\n1e5,f\n");
        Assert.Equal([1L, -2L, null, null, null, null, null, null], Integers(table).Select(r => r[0]));
        Assert.Equal([null, null, null, 2.5, double.NaN, null, double.NegativeInfinity, 1e5], Numbers(table).Select(r => r[0]));
        Assert.Equal(["1", "-2", "x", "2.5", "NaN", "3", "-inf", "1e5"], Texts(table).Select(r => r[0]));
        Assert.Equal([null, null, 3L, 4L, null, null, null, null], Integers(table).Select(r => r[1]));
    }

    [Fact]
    public void Reads_crlf_line_ends_with_blank_and_comment_lines()
    {
        var table = Parse("c.tsv", "1\t2\r\n-3\tx y\r\n\r\n# c\r\n4.5\t5\r\n");
        Assert.Equal([["1", "2"], ["-3", "x y"], ["4.5", "5"]], Texts(table));
        Assert.Equal([[1L, 2L], [-3L, null], [null, 5L]], Integers(table));
        Assert.Equal<int>([1, 2, 5], table.Lines);
    }

    [Theory]
    [InlineData("1\t2\n30\t4")]
    [InlineData("1\t2\n30\t4 ")]
    [InlineData("1\t2\n30\t4\t")]
    [InlineData("1\t2\r\n30\t4\r")]
    public void Reads_a_last_line_without_a_line_break(string text)
    {
        var table = Parse("n.tsv", text);
        Assert.Equal([[1L, 2L], [30L, 4L]], Integers(table));
        Assert.Equal<int>([1, 2], table.Lines);
    }

    [Fact]
    public void Reads_a_very_long_symbol_and_a_very_wide_row()
    {
        var symbol = new string('a', 100_000) + "b";
        Assert.Equal([[symbol, "123456"]], Texts(Parse("l.tsv", $"{symbol}\t123456\n")));
        var wide = Parse("w.tsv", string.Join('\t', Enumerable.Range(0, 10_000).Select(i => (i * 7 - 20_000).ToString())) + "\n");
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long?)(i * 7 - 20_000)), Integers(wide).Single());
    }

    [Fact]
    public void Trims_unicode_blanks_around_fields()
    {
        var table = Parse("u.tsv", "\u00A012\u2003\t x\u00A0\n\u2003-7\tZoë 名前\n");
        Assert.Equal([["12", "x"], ["-7", "Zoë 名前"]], Texts(table));
        Assert.Equal([[12L, null], [-7L, null]], Integers(table));
    }

    [Fact]
    public void Reads_a_large_file_of_integers_exactly()
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < 200_000; i++)
            text.Append(i % 997).Append('\t').Append(-(long)i * 1_000_003).Append('\n');
        var table = Parse("big.tsv", text.ToString());
        var integers = Integers(table);
        Assert.Equal(200_000, integers.Length);
        for (var i = 0; i < integers.Length; i += 9_973)
            Assert.Equal([i % 997, -(long)i * 1_000_003], integers[i]);
        Assert.Equal([199_999 % 997, -199_999L * 1_000_003], integers[^1]);
        Assert.Equal(200_000, table.Lines[^1]);
    }

    [Fact]
    public void Selecting_rows_keeps_their_fields_lines_and_spellings()
    {
        var table = Parse("s.tsv", "0\tAlice\t1.5\n# c\n1\t007\tBob\n2\tx\t-3\n");
        var some = table.Select([1, 0]);
        Assert.Equal([["1", "007", "Bob"], ["0", "Alice", "1.5"]], Texts(some));
        Assert.Equal<int>([3, 1], some.Lines);
        Assert.Equal([[1L, 7L, null], [0L, null, null]], Integers(some));
        Assert.Equal(1.5, some.Cell(1, 2).Number);
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

    [Fact]
    public void DataFileReader_reads_a_table_with_the_byte_order_mark_of_UTF16()
    {
        using var folder = new TempFolder();
        var path = folder.Write("e.tsv", [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes("Alice\tZoë\n7\t2.5\n")]);
        var diagnostics = new DiagnosticBag();
        var table = Assert.IsType<TableContent>(new DataFileReader().Read(path, At, diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal([["Alice", "Zoë"], ["7", "2.5"]], Texts(table));
    }

    internal static TableContent Parse(string path, string text)
    {
        var diagnostics = new DiagnosticBag();
        var format = DataFileFormats.FromPath(path)!.Value;
        var table = TableParser.Parse(new SourceText(text, path), format, diagnostics);
        Assert.Equal("", Render(diagnostics));
        return Assert.IsType<TableContent>(table);
    }

    private static DataCell Cell(string text) => Cells(Parse("c.tsv", text + "\n")).Single().Single();

    internal static DataCell[][] Cells(TableContent table) =>
        [.. Enumerable.Range(0, table.RowCount).Select(r => Enumerable.Range(0, table.ColumnCount).Select(c => table.Cell(r, c)).ToArray())];

    internal static string[][] Texts(TableContent table) => [.. Cells(table).Select(row => row.Select(c => c.Text).ToArray())];

    private static long?[][] Integers(TableContent table) => [.. Cells(table).Select(row => row.Select(c => c.Integer).ToArray())];

    private static double?[][] Numbers(TableContent table) => [.. Cells(table).Select(row => row.Select(c => c.Number).ToArray())];
}
