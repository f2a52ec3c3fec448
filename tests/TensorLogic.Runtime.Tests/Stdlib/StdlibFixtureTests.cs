using System.Text.Json;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Stdlib;

/// <summary>
/// Modules of stdlib/std/ against implementations that share nothing with ours: each folder of fixtures/
/// holds a program that imports one module, the data it reads, and answers.json, the answers that
/// tools/make_stdlib_fixtures.py computed with PyTorch's own layers, NumPy, or by enumerating every
/// assignment. Every engine, in both chainings, must give those answers to its precision.
/// </summary>
public sealed class StdlibFixtureTests
{
    private static readonly string[] Modules = ["transformer", "rnn", "cnn", "gnn", "kernels", "pgm-tree", "pgm-grid", "embed", "tucker", "jointree"];

    // The embedding fixture (256 dimensions) runs forward on the CPU and reference engines only: under
    // backward chaining every engine evaluates its D² embedded relations cell by cell on demand, and the
    // emulated GPU (gpu-cpu) runs its contractions as emulated threads; each took over 20 s a run, against
    // 0.3 s forward (measured with `tlc run`). Its answers do not depend on the chaining.
    private static readonly string[] EmbedEngines = ["reference/forward", "cpu/forward", "cpu-f64/forward"];

    public static TheoryData<string, string> Rows()
    {
        var rows = EngineMatrix.Cross(Modules.Where(m => m != "embed"));
        foreach (var engine in EmbedEngines)
            rows.Add("embed", engine);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Answers_agree_with_the_independent_reference(string module, string engine)
    {
        var folder = Repository.PathOf("tests", "TensorLogic.Runtime.Tests", "Stdlib", "fixtures", module);
        var run = EngineMatrix.Get(engine);

        var result = ProgramRunner.RunFile(run, Path.Combine(folder, "program.tl"));

        Assert.Equal("", result.CompileDiagnostics);
        Assert.Equal("", result.Diagnostics);
        AnswerAssert.Equivalent(Expected(folder), result.Answers, run);
    }

    [Fact]
    public void Every_fixture_folder_is_tested()
    {
        var folders = Directory.GetDirectories(Repository.PathOf("tests", "TensorLogic.Runtime.Tests", "Stdlib", "fixtures"))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(folders, Modules.Order(StringComparer.Ordinal));
    }

    private static IReadOnlyList<string> Expected(string folder)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "answers.json")));
        return [.. document.RootElement.EnumerateArray().Select(answer => answer.GetRawText())];
    }
}
