using System.Globalization;
using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests.Fuzzing;

/// <summary>
/// The fuzz and differential campaigns of issue 13. CI runs a fixed-seed slice of each in seconds; the long
/// mode runs as many fuzz inputs as <c>TLC_FUZZ_LONG</c> says, and a tenth as many programs per differential
/// campaign (tools/fuzz.sh, documented in docs/limits.md):
/// <code>TLC_FUZZ_LONG=100000 dotnet test tests/Tlc.Tests --filter FullyQualifiedName~Fuzzing</code>
/// A failure names the seed and the input, which a regression test then keeps.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // The long mode's count is the fuzz inputs'; the differential campaigns run a tenth of it (10,000 programs
    // of 100,000), since each of their programs runs on five engines and chainings.
    private static int Count(int slice, int share = 1) =>
        int.TryParse(Environment.GetEnvironmentVariable("TLC_FUZZ_LONG"), CultureInfo.InvariantCulture, out var count) ? count / share : slice;

    // Limits for every run: the fuzzer asks for extremes on purpose, and must get diagnostics, not exhaustion.
    private static readonly string[] Limits = ["--timeout", "10", "--max-memory", "2G"];

    [Fact]
    public void Mutated_programs_give_diagnostics_never_crashes_or_hangs()
    {
        var seeds = Directory.GetFiles(Repository.PathOf("examples"), "*.tl")
            .Concat(Directory.GetFiles(Repository.PathOf("tests", "fixtures", "bad"), "*.tl"))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList();
        var violations = new List<string>();
        for (var seed = 0; seed < Count(120); seed++)
        {
            var generator = new ProgramGenerator(seed);
            var source = seed % 3 == 0 ? seeds[seed / 3 % seeds.Count] : seed % 3 == 1 ? generator.Datalog() : generator.Einsum();
            var input = new Mutator(seed).Mutate(source);
            var path = _folder.Write($"fuzz{seed}.tl", input);
            foreach (var args in new[] { new[] { "check", path }, ["run", path, .. Limits] })
            {
                if (FuzzCriteria.Check(args) is { } violation)
                    violations.Add($"seed {seed}, tlc {args[0]}: {violation}\n--- input ---\n{input}\n---");
            }
            File.Delete(path);
        }
        NoneFound(violations);
    }

    [Fact]
    public void Datalog_programs_agree_across_engines_and_chainings()
    {
        var differences = new List<string>();
        for (var seed = 0; seed < Count(30, 10); seed++)
        {
            var program = new ProgramGenerator(seed).Datalog();
            var path = _folder.Write($"datalog{seed}.tl", program);
            var expected = Run(path, "--engine", "reference", "--chain", "forward");
            foreach (var variant in new[] { new[] { "--engine", "reference", "--chain", "backward" }, ["--engine", "cpu"], ["--engine", "cpu", "--chain", "backward"], ["--engine", "cpu-f64", "--chain", "forward"], ["--engine", "gpu-cpu"] })
            {
                var actual = Run(path, variant);
                if (actual != expected)
                    differences.Add($"seed {seed}, {string.Join(' ', variant)}:\n{program}--- reference, forward ---\n{expected}--- got ---\n{actual}");
            }
        }
        NoneFound(differences);
    }

    [Fact]
    public void Einsum_programs_agree_across_engines_and_precisions()
    {
        var differences = new List<string>();
        for (var seed = 0; seed < Count(30, 10); seed++)
        {
            var program = new ProgramGenerator(seed).Einsum();
            var path = _folder.Write($"einsum{seed}.tl", program);
            var expected = Run(path, "--engine", "reference");
            Compare(seed, program, expected, "cpu-f64", 1e-9, differences);
            Compare(seed, program, expected, "cpu", 1e-3, differences);
            Compare(seed, program, expected, "gpu-cpu", 1e-3, differences);
        }
        NoneFound(differences);

        void Compare(int seed, string program, string expected, string engine, double tolerance, List<string> differences)
        {
            var actual = Run(Path.Combine(_folder.Path, $"einsum{seed}.tl"), "--engine", engine);
            // An overflow float32 reports (TL5010) is a known difference, not a wrong answer.
            if (actual.Contains("TL5010"))
                return;
            if (AnswerComparison.Difference(expected, actual, tolerance) is { } difference)
                differences.Add($"seed {seed}, {engine}: {difference}\n{program}--- reference ---\n{expected}--- {engine} ---\n{actual}");
        }
    }

    /// <summary>
    /// Metamorphic relations: an einsum program written another way (indices renamed, factors reordered,
    /// equations split through a temporary or put in another order) gives the same answers, on the reference
    /// and on the float64 CPU engine (each form in turn).
    /// </summary>
    [Fact]
    public void Einsum_programs_written_another_way_give_the_same_answers()
    {
        var differences = new List<string>();
        var forms = Enum.GetValues<EinsumForm>().Where(f => f != EinsumForm.Plain).ToArray();
        for (var seed = 0; seed < Count(30, 10); seed++)
        {
            var programs = EinsumPrograms.Generate(seed);
            var plain = _folder.Write($"plain{seed}.tl", programs.Text());
            var expected = Answers(plain, "reference");
            foreach (var form in forms)
            {
                var path = _folder.Write($"{form}{seed}.tl", programs.Text(form));
                var engine = (seed + (int)form) % 2 == 0 ? "reference" : "cpu-f64";
                var actual = Answers(path, engine);
                if (AnswerComparison.Difference(expected, actual, 1e-9) is { } difference)
                    differences.Add($"seed {seed}, {form} on {engine}: {difference}\n{programs.Text()}--- {form} ---\n{programs.Text(form)}--- plain ---\n{expected}--- {form} ---\n{actual}");
                File.Delete(path);
            }
        }
        NoneFound(differences);
    }

    // Every finding whole (Assert.Empty shows only the start of the first few), with the count first.
    private static void NoneFound(List<string> findings) =>
        Assert.True(findings.Count == 0, $"{findings.Count} found:\n{string.Join("\n\n", findings)}");

    /// <summary>The answers alone (diagnostics quote the source, which the forms write differently), and the exit code.</summary>
    private static string Answers(string path, string engine)
    {
        var result = TlcRun.Invoke(["run", path, "--engine", engine, .. Limits]);
        return $"{result.Stdout}exit {result.ExitCode}\n";
    }

    /// <summary>What a run prints, its diagnostics included (with the path replaced), and its exit code.</summary>
    private static string Run(string path, params string[] options)
    {
        var result = TlcRun.Invoke(["run", path, .. options, .. Limits]);
        return $"{result.Stdout}{result.Stderr.Replace(path, "P")}exit {result.ExitCode}\n";
    }
}
