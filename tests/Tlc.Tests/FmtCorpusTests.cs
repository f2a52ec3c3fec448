using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// <c>tlc fmt -w</c> over every program of the repository (examples and standard library, most of them
/// commented): the rewritten file keeps every comment, means the same, and is already canonical.
/// </summary>
public sealed class FmtCorpusTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Programs() => [.. ProgramPaths()];

    private static IEnumerable<string> ProgramPaths() =>
        new[] { "examples", "stdlib" }
            .SelectMany(folder => Directory.GetFiles(Repository.PathOf(folder), "*.tl", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(Repository.Root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Programs))]
    public void Rewriting_keeps_comments_and_meaning_and_is_idempotent(string program)
    {
        var original = File.ReadAllText(Repository.PathOf(program));
        var path = _folder.Write(Path.GetFileName(program), original);

        var write = TlcRun.Invoke("fmt", "-w", path);
        var check = TlcRun.Invoke("fmt", "--check", path);

        Assert.Equal((0, ""), (write.ExitCode, write.Stderr));
        Assert.Equal((0, ""), (check.ExitCode, check.Stderr));
        var formatted = File.ReadAllText(path);
        Assert.Equal(CommentTexts(original), CommentTexts(formatted));
        Assert.Equal(Statements(original), Statements(formatted));
    }

    [Fact]
    public void The_corpus_has_comments_to_keep()
    {
        var comments = ProgramPaths().Sum(program => CommentTexts(File.ReadAllText(Repository.PathOf(program))).Length);

        Assert.True(comments > 100, $"only {comments} comments in the corpus");
    }

    private static string[] CommentTexts(string text) =>
        SourceComments.Read(new SourceText(text, "corpus.tl")).Select(c => c.Text).Order(StringComparer.Ordinal).ToArray();

    // The canonical text of each statement is the tree without trivia: equal lists mean equal programs.
    private static string[] Statements(string text)
    {
        var diagnostics = new DiagnosticBag();
        var unit = SyntaxParser.Parse(new SourceText(text, "corpus.tl"), diagnostics);
        Assert.False(diagnostics.HasErrors, DiagnosticFormatter.Format(diagnostics.ToSortedArray()));
        return unit.Statements.Select(Formatter.Format).ToArray();
    }
}
