using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using static TensorLogic.Runtime.Tests.Data.DataTestSupport;

namespace TensorLogic.Runtime.Tests.Data;

/// <summary>Choosing the format, problems with the file as a whole, and .txt words.</summary>
public class DataFileReaderTests
{
    private const string Formats =
        "  = help: supported formats are .npy (NumPy arrays), .tsv and .csv (one tuple per line) and .txt (words)\n";

    [Theory]
    [InlineData("w.npy", DataFileFormat.Npy)]
    [InlineData("E.TSV", DataFileFormat.Tsv)]
    [InlineData("dir.v2/e.Csv", DataFileFormat.Csv)]
    [InlineData("s.txt", DataFileFormat.Txt)]
    [InlineData("a.xlsx", null)]
    [InlineData("tsv", null)]
    [InlineData("a.tsv.gz", null)]
    public void Chooses_the_format_by_extension_ignoring_case(string path, DataFileFormat? format)
    {
        Assert.Equal(format, DataFileFormats.FromPath(path));
    }

    [Fact]
    public void Reports_an_unsupported_extension_before_looking_for_the_file()
    {
        Assert.Equal(
            "prog.tl:1:8: error TL2022: unsupported file format '.xlsx' of 'data/edges.xlsx'\n" + AtSnippet + Formats,
            Errors("data/edges.xlsx"));
    }

    [Fact]
    public void Reports_a_path_without_extension()
    {
        Assert.Equal(
            "prog.tl:1:8: error TL2022: 'data/edges' has no extension, so its format is unknown\n" + AtSnippet + Formats,
            Errors("data/edges"));
    }

    [Fact]
    public void Reports_a_missing_file_with_its_absolute_path()
    {
        const string path = "no-such-folder/edges.tsv";
        Assert.Equal(
            $"prog.tl:1:8: error TL5001: file '{path}' not found\n" + AtSnippet + $"  = help: looked for '{Path.GetFullPath(path)}'\n",
            Errors(path));
    }

    [Fact]
    public void Reports_a_missing_absolute_path_once()
    {
        using var folder = new TempFolder();
        var path = folder.File("edges.tsv");
        Assert.Equal($"prog.tl:1:8: error TL5001: file '{path}' not found\n" + AtSnippet, Errors(path));
    }

    [Fact]
    public void Reports_a_folder_as_unreadable()
    {
        using var folder = new TempFolder();
        var path = folder.File("edges.tsv");
        Directory.CreateDirectory(path);
        Assert.Equal($"prog.tl:1:8: error TL5009: cannot read '{path}': it is a folder, not a file\n" + AtSnippet, Errors(path));
    }

    [Theory]
    [InlineData("Alice loves Bob")]
    [InlineData("  Alice\n\tloves   Bob \r\n")]
    public void Splits_text_into_words_on_any_whitespace(string text)
    {
        using var folder = new TempFolder();
        var path = folder.Write("s.txt", text);
        var diagnostics = new DiagnosticBag();
        var words = Assert.IsType<WordsContent>(new DataFileReader().Read(path, At, diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal<string>(["Alice", "loves", "Bob"], words.Words);
        Assert.Equal(path, words.Path);
    }

    [Fact]
    public void Reads_an_empty_text_as_no_words()
    {
        using var folder = new TempFolder();
        var words = Assert.IsType<WordsContent>(new DataFileReader().Read(folder.Write("s.TXT", ""), At, new DiagnosticBag()));
        Assert.Empty(words.Words);
    }

    private static string Errors(string path)
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(new DataFileReader().Read(path, At, diagnostics));
        return Render(diagnostics);
    }
}
