using System.Text;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using static TensorLogic.Runtime.Tests.Data.DataTestSupport;

namespace TensorLogic.Runtime.Tests.Data;

public class AtomicFileTests
{
    [Fact]
    public void Creates_a_file_and_leaves_nothing_else()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        Assert.True(AtomicFile.Write(folder.File("out.tsv"), Text("Alice\tBob\n"), At, diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal("Alice\tBob\n", File.ReadAllText(folder.File("out.tsv")));
        Assert.Equal(["out.tsv"], folder.FileNames());
    }

    [Fact]
    public void Replaces_an_existing_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write("out.tsv", "a much longer old content\n");
        Assert.True(AtomicFile.Write(path, Text("new\n"), At, new DiagnosticBag()));
        Assert.Equal("new\n", File.ReadAllText(path));
        Assert.Equal(["out.tsv"], folder.FileNames());
    }

    [Fact]
    public void Reports_an_IO_failure_of_the_writer_and_keeps_the_old_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write("out.tsv", "old\n");
        var diagnostics = new DiagnosticBag();
        var written = AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new IOException("No space left on device");
        }, At, diagnostics);
        Assert.False(written);
        Assert.Equal($"prog.tl:1:8: error TL5005: cannot write '{path}': No space left on device\n" + AtSnippet, Render(diagnostics));
        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Equal(["out.tsv"], folder.FileNames());
    }

    [Fact]
    public void Lets_a_bug_in_the_writer_propagate_and_keeps_the_old_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write("out.tsv", "old\n");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new InvalidOperationException("bug");
        }, At, new DiagnosticBag()));
        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Equal(["out.tsv"], folder.FileNames());
    }

    [Fact]
    public void Reports_a_missing_folder()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "results", "out.tsv");
        var diagnostics = new DiagnosticBag();
        Assert.False(AtomicFile.Write(path, Text("x\n"), At, diagnostics));
        Assert.Equal(
            $"prog.tl:1:8: error TL5005: cannot write '{path}': the folder '{Path.Combine(folder.Path, "results")}' does not exist\n" + AtSnippet,
            Render(diagnostics));
        Assert.Empty(folder.FileNames());
    }

    [Fact]
    public void Reports_a_target_that_is_a_folder()
    {
        using var folder = new TempFolder();
        var path = folder.File("out.tsv");
        Directory.CreateDirectory(path);
        var diagnostics = new DiagnosticBag();
        Assert.False(AtomicFile.Write(path, Text("x\n"), null, diagnostics));
        Assert.Equal($"error TL5005: cannot write '{path}': it is a folder, not a file\n", Render(diagnostics));
        Assert.Equal(["out.tsv"], folder.FileNames());
    }

    private static Action<Stream> Text(string text) => stream => stream.Write(Encoding.UTF8.GetBytes(text));
}
