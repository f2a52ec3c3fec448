using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// Runs <c>tlc check</c> on every program of tests/fixtures/bad: it must report exactly the diagnostics its
/// <c># expect:</c> line names, exit with 1 (0 when it expects only warnings), and print what the golden
/// file golden/corpus/NAME.verified.txt holds, so that a change to any message shows up in review.
/// </summary>
public class DiagnosticsCorpusTests
{
    public static TheoryData<string> Programs => new(BadProgram.All().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Programs))]
    public void Reports_exactly_the_expected_diagnostics(string name)
    {
        var program = BadProgram.Load(Path.Combine(BadProgram.Folder, name + ".tl"));
        Assert.NotEmpty(program.ExpectedIds);

        var result = Check(program);

        var reported = ReportedIds(result.Stderr);
        Assert.Equal(program.ExpectedIds.Order(), reported.Order());
        var expectsError = program.ExpectedIds.Any(id => Descriptor(id).Severity == DiagnosticSeverity.Error);
        Assert.Equal(expectsError ? 1 : 0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Golden.Verify(result.Stderr, "corpus/" + name);
    }

    [Fact]
    public void The_corpus_covers_at_least_40_distinct_ids_of_the_catalog()
    {
        var ids = BadProgram.All().SelectMany(p => p.ExpectedIds).ToHashSet();

        Assert.True(ids.Count >= 40, $"the corpus covers {ids.Count} ids");
        Assert.All(ids, id => Descriptor(id));
    }

    [Fact]
    public void Every_program_has_an_expect_line()
    {
        Assert.All(BadProgram.All(), p => Assert.True(p.ExpectedIds.Count > 0, $"{p.Name}.tl has no '# expect:' line"));
    }

    /// <summary>
    /// Checks the program under a path relative to the working directory, as a user would type it, then
    /// writes that prefix as tests/fixtures/bad/, and the checkout's absolute path (which a help line may
    /// show) as nothing, so the golden files do not depend on where the tests run.
    /// </summary>
    private static TlcResult Check(BadProgram program)
    {
        var relativeFolder = Path.GetRelativePath(Directory.GetCurrentDirectory(), BadProgram.Folder);
        var result = TlcRun.Invoke("check", Path.Combine(relativeFolder, program.Name + ".tl"));
        var stderr = result.Stderr
            .Replace(relativeFolder + Path.DirectorySeparatorChar, "tests/fixtures/bad/")
            .Replace(Repository.Root + Path.DirectorySeparatorChar, "");
        return result with { Stderr = stderr };
    }

    private static HashSet<string> ReportedIds(string stderr) =>
        stderr.Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @": (?:error|warning) (TL\d{4}):"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet();

    private static DiagnosticDescriptor Descriptor(string id) =>
        Catalog.All.SingleOrDefault(d => d.Id == id) ?? throw new Xunit.Sdk.XunitException($"{id} is not in the catalog");
}
