using System.Text.Json;
using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Stdlib;

/// <summary>
/// stdlib/std/pgm.tl on a 3 x 3 grid, whose loops make belief propagation approximate: its beliefs must
/// approach the exact marginals, which tools/make_stdlib_fixtures.py found by enumerating all 512
/// assignments (fixtures/pgm-grid/exact.npy). StdlibFixtureTests already holds them to NumPy's
/// belief propagation; this holds the algorithm itself to the truth.
/// </summary>
public sealed class PgmModuleTests
{
    /// <summary>The script reports the error of NumPy's loopy beliefs, 3.5e-4 for this field.</summary>
    private const double LoopyError = 1e-3;

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Loopy_beliefs_on_a_grid_approach_the_exact_marginals(string engine)
    {
        var folder = Repository.PathOf("tests", "TensorLogic.Runtime.Tests", "Stdlib", "fixtures", "pgm-grid");

        var run = EngineMatrix.Get(engine);

        var result = ProgramRunner.RunFile(run, Path.Combine(folder, "program.tl"));

        Assert.Equal("", result.Diagnostics);
        using var answer = JsonDocument.Parse(result.Answers.Single());
        var beliefs = answer.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var exact = ReadNpy(Path.Combine(folder, "exact.npy")).Values;
        Assert.Equal(exact.Length, beliefs.Length);
        Assert.All(exact.Zip(beliefs), pair => Assert.InRange(pair.Second, pair.First - LoopyError, pair.First + LoopyError));
    }

    private static DenseContent ReadNpy(string path)
    {
        using var stream = File.OpenRead(path);
        var diagnostics = new DiagnosticBag();
        return NpyFormat.Read(stream, path, null, diagnostics)
            ?? throw new InvalidOperationException($"cannot read {path}:\n" + DiagnosticFormatter.Format(diagnostics.ToSortedArray()));
    }
}
