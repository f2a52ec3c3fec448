using System.Text.RegularExpressions;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// One program of the diagnostics corpus, tests/fixtures/bad/*.tl. Its first line names the diagnostics it
/// must produce, <c># expect: TL2005</c> or <c># expect: TL1014, TL1004</c>, and it must produce no others.
/// Files in subfolders are modules and data files used by the corpus programs, not programs of their own.
/// </summary>
internal sealed partial record BadProgram(string Name, string Path, IReadOnlySet<string> ExpectedIds)
{
    public static string Folder => TensorLogic.Testing.Repository.PathOf("tests", "fixtures", "bad");

    public static IEnumerable<BadProgram> All() =>
        Directory.GetFiles(Folder, "*.tl").Order(StringComparer.Ordinal).Select(Load);

    public static BadProgram Load(string path)
    {
        var firstLine = File.ReadLines(path).FirstOrDefault() ?? "";
        var match = ExpectLine().Match(firstLine);
        var ids = match.Success
            ? Id().Matches(match.Groups[1].Value).Select(m => m.Value).ToHashSet()
            : [];
        return new BadProgram(System.IO.Path.GetFileNameWithoutExtension(path), path, ids);
    }

    [GeneratedRegex(@"^#\s*expect:\s*(.*)$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"TL\d{4}")]
    public static partial Regex Id();
}
