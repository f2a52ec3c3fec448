using System.Text.RegularExpressions;
using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// docs/diagnostics.md shows, for most ids, a program and what <c>tlc check example.tl</c> reports. The
/// page is only useful while that is true, so each such example is checked again here, verbatim. Examples
/// that need other files (imports, data) are left to the corpus tests.
/// </summary>
public sealed class DiagnosticsDocumentationExampleTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Ids() => [.. Examples().Select(e => e.Id)];

    private static IEnumerable<(string Id, string Program, string Output)> Examples()
    {
        var page = File.ReadAllText(Repository.PathOf("docs", "diagnostics.md")).Replace("\r\n", "\n");
        var sections = Regex.Split(page, @"^## (?=TL\d{4})", RegexOptions.Multiline).Skip(1);
        foreach (var section in sections)
        {
            var id = section[..6];
            var blocks = Regex.Matches(section, "```\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
            if (blocks.Count < 2 || !section.Contains("`tlc check example.tl` reports:"))
                continue;
            // Programs that read files or import modules depend on files beside them that the page does not show.
            if (blocks[0].Contains('"'))
                continue;
            yield return (id, blocks[0], blocks[1]);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_documented_output_is_what_tlc_check_prints(string id)
    {
        var (_, program, output) = Examples().First(e => e.Id == id);
        var path = _folder.Write("example.tl", program);
        var result = TlcRun.Invoke("check", path);
        // The page names the file as a user in its folder would: example.tl.
        Assert.Equal(output, result.Stderr.Replace(path, "example.tl"));
    }
}
