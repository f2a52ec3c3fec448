using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Tests.Data;

/// <summary>The statement that reads a file, fixture paths, and rendering of diagnostics for exact comparison.</summary>
internal static class DataTestSupport
{
    public static readonly SourceText Program = new("Edge = File(\"edges.tsv\")\n", "prog.tl");

    /// <summary>The <c>File("edges.tsv")</c> of <see cref="Program"/>, where file-level problems are reported.</summary>
    public static SourceLocation At => new(Program, new TextSpan(7, 17));

    /// <summary>The two lines under a diagnostic located at <see cref="At"/>.</summary>
    public const string AtSnippet =
        " 1 | Edge = File(\"edges.tsv\")\n" +
        "   |        ^~~~~~~~~~~~~~~~~\n";

    public static string Fixture(string relativePath) =>
        Path.Combine(AppContext.BaseDirectory, "Data", "fixtures", relativePath);

    public static string Render(DiagnosticBag diagnostics) => DiagnosticFormatter.Format(diagnostics.ToSortedArray());
}

/// <summary>A fresh folder for one test's files, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("tl-data-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        System.IO.File.WriteAllText(File(name), text);
        return File(name);
    }

    public string Write(string name, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(File(name), bytes);
        return File(name);
    }

    public string[] FileNames() => [.. Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order()!];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
