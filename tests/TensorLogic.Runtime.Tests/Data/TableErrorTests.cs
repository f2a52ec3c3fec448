using System.Text;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using static TensorLogic.Runtime.Tests.Data.DataTestSupport;

namespace TensorLogic.Runtime.Tests.Data;

/// <summary>A bad row is reported at its own line of the data file, with that line shown.</summary>
public class TableErrorTests
{
    [Fact]
    public void Reports_an_unterminated_quote_at_the_opening_quote()
    {
        Assert.Equal(
            "p.csv:2:7: error TL5002: unterminated quoted field\n" +
            " 2 | Alice,\"Bob\n" +
            "   |       ^~~~\n",
            Errors("p.csv", "Bob,Carol\nAlice,\"Bob\nCarol,Dan\n"));
    }

    [Fact]
    public void Reports_text_after_a_closing_quote()
    {
        Assert.Equal(
            "p.csv:1:6: error TL5002: unexpected 'b' after a closing quote\n" +
            " 1 | \"a\"  b,c\n" +
            "   |      ^\n",
            Errors("p.csv", "\"a\"  b,c\n"));
    }

    // The formatter shows tabs as spaces, so the snippets below read "Alice Bob".
    [Fact]
    public void Reports_a_row_whose_field_count_differs_from_the_first()
    {
        Assert.Equal(
            "edges.tsv:4:1: error TL5002: row has 3 fields, but the first row has 2\n" +
            " 4 | Carol Dan Eve\n" +
            "   | ^~~~~~~~~~~~~\n" +
            "edges.tsv:2:1: note: the first row, with 2 fields\n" +
            " 2 | Alice Bob\n" +
            "   | ^~~~~~~~~\n" +
            "edges.tsv:5:1: error TL5002: row has 1 field, but the first row has 2\n" +
            " 5 | Frank\n" +
            "   | ^~~~~\n" +
            "edges.tsv:2:1: note: the first row, with 2 fields\n" +
            " 2 | Alice Bob\n" +
            "   | ^~~~~~~~~\n",
            Errors("edges.tsv", "# parent\tchild\nAlice\tBob\nBob\tCarol\nCarol\tDan\tEve\nFrank\n"));
    }

    [Fact]
    public void Says_that_tsv_fields_are_separated_by_tabs_when_a_short_row_uses_spaces()
    {
        Assert.Equal(
            "people.tsv:3:1: error TL5002: row has 1 field, but the first row has 2\n" +
            " 3 | Roberta Sr. Bob\n" +
            "   | ^~~~~~~~~~~~~~~\n" +
            "  = help: this row has no tab: the fields of a .tsv file are separated by tabs only, not by spaces\n" +
            "people.tsv:1:1: note: the first row, with 2 fields\n" +
            " 1 | Alice Bob\n" +
            "   | ^~~~~~~~~\n",
            Errors("people.tsv", "Alice\tBob\nRoberta Sr.\tBob\nRoberta Sr. Bob\n"));
    }

    [Fact]
    public void Says_so_when_it_is_the_first_row_that_has_no_tab()
    {
        Assert.Equal(
            "people.tsv:2:1: error TL5002: row has 2 fields, but the first row has 1\n" +
            " 2 | Bob Carol\n" +
            "   | ^~~~~~~~~\n" +
            "  = help: the first row has no tab: the fields of a .tsv file are separated by tabs only, not by spaces\n" +
            "people.tsv:1:1: note: the first row, with 1 field\n" +
            " 1 | Alice Bob\n" +
            "   | ^~~~~~~~~\n",
            Errors("people.tsv", "Alice Bob\nBob\tCarol\n"));
    }

    // Without blanks on the short line there is nothing to suggest that spaces were meant as separators.
    [Fact]
    public void Gives_no_tab_help_for_a_short_row_without_blanks_or_for_csv()
    {
        var tsv = Errors("people.tsv", "Alice\tBob\nFrank\n");
        Assert.Contains("error TL5002: row has 1 field, but the first row has 2", tsv);
        Assert.DoesNotContain("help", tsv);
        var csv = Errors("people.csv", "Alice,Bob\nRoberta Sr. Bob\n");
        Assert.Contains("error TL5002: row has 1 field, but the first row has 2", csv);
        Assert.DoesNotContain("help", csv);
    }

    [Fact]
    public void Reports_an_empty_csv_field()
    {
        Assert.Equal(
            "p.csv:1:3: error TL5002: field 2 is empty\n" +
            " 1 | a,,b\n" +
            "   |   ^\n",
            Errors("p.csv", "a,,b\n"));
    }

    [Fact]
    public void Reports_an_empty_tsv_field_from_a_doubled_tab()
    {
        Assert.Equal(
            "t.tsv:1:3: error TL5002: field 2 is empty\n" +
            " 1 | a  b\n" +
            "   |   ^\n",
            Errors("t.tsv", "a\t\tb\n"));
    }

    [Fact]
    public void Reports_a_trailing_comma_as_an_empty_last_field()
    {
        Assert.Equal(
            "p.csv:1:6: error TL5002: field 3 is empty\n" +
            " 1 | a, b,\n" +
            "   |      ^\n",
            Errors("p.csv", "a, b,\n"));
    }

    [Fact]
    public void Reports_bad_rows_deep_in_a_large_file_at_their_lines()
    {
        var text = new StringBuilder();
        for (var line = 1; line <= 100_000; line++)
        {
            text.Append(line switch
            {
                87_654 => "5\t6\t7",
                99_999 => "8\t\t9",
                _ => $"{line % 1000}\t{line * 3}",
            });
            text.Append(line % 2 == 0 ? "\r\n" : "\n");
        }
        Assert.Equal(
            "big.tsv:87654:1: error TL5002: row has 3 fields, but the first row has 2\n" +
            " 87654 | 5 6 7\n" +
            "       | ^~~~~\n" +
            "big.tsv:1:1: note: the first row, with 2 fields\n" +
            " 1 | 1 3\n" +
            "   | ^~~\n" +
            "big.tsv:99999:3: error TL5002: field 2 is empty\n" +
            " 99999 | 8  9\n" +
            "       |   ^\n",
            Errors("big.tsv", text.ToString()));
    }

    [Fact]
    public void Stops_after_ten_bad_rows()
    {
        var text = new StringBuilder("a,b\n");
        for (var i = 0; i < 15; i++)
            text.Append("a\n");
        var diagnostics = new DiagnosticBag();
        Assert.Null(TableParser.Parse(new SourceText(text.ToString(), "p.csv"), DataFileFormat.Csv, diagnostics));
        var sorted = diagnostics.ToSortedArray();
        Assert.Equal(11, sorted.Length);
        Assert.Equal("p.csv:12:1: error TL5002: too many malformed rows in 'p.csv'; the rest of the file is not checked", sorted[^1].ToString());
    }

    [Fact]
    public void Reports_a_file_that_is_not_UTF8_at_the_statement()
    {
        using var folder = new TempFolder();
        var path = folder.Write("edges.tsv", [0x61, 0x09, 0xC3, 0x28, 0x0A]);
        var diagnostics = new DiagnosticBag();
        Assert.Null(new DataFileReader().Read(path, At, diagnostics));
        Assert.Equal($"prog.tl:1:8: error TL5002: '{path}' is not UTF-8 text\n" + AtSnippet, Render(diagnostics));
    }

    [Fact]
    public void DataFileReader_reports_rows_at_the_data_file_path_it_was_given()
    {
        using var folder = new TempFolder();
        var path = folder.Write("p.csv", "a,\"b\n");
        var diagnostics = new DiagnosticBag();
        Assert.Null(new DataFileReader().Read(path, At, diagnostics));
        Assert.Equal($"{path}:1:3: error TL5002: unterminated quoted field\n 1 | a,\"b\n   |   ^~\n", Render(diagnostics));
    }

    private static string Errors(string path, string text)
    {
        var diagnostics = new DiagnosticBag();
        var format = DataFileFormats.FromPath(path)!.Value;
        Assert.Null(TableParser.Parse(new SourceText(text, path), format, diagnostics));
        return Render(diagnostics);
    }
}
