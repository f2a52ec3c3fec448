using TensorLogic.Testing;

namespace TensorLogic.Syntax.Tests.Infrastructure;

/// <summary>The paper's example programs under tests/fixtures/paper, as data for theories.</summary>
internal static class Fixtures
{
    public static string PaperFolder => Repository.PathOf("tests", "fixtures", "paper");

    /// <summary>Names (without .tl) of the programs in a fixture set, "verbatim" or "corrected".</summary>
    public static IEnumerable<string> Names(string set) =>
        Directory.EnumerateFiles(Path.Combine(PaperFolder, set), "*.tl")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    public static string Read(string set, string name) => File.ReadAllText(Path.Combine(PaperFolder, set, name + ".tl"));

    /// <summary>The path diagnostics print: relative, so golden files do not depend on where the checkout is.</summary>
    public static string DisplayPath(string set, string name) => $"paper/{set}/{name}.tl";

    public static TheoryData<string> Corrected() => [.. Names("corrected")];

    public static TheoryData<string> Verbatim() => [.. Names("verbatim")];

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var set in new[] { "verbatim", "corrected" })
            foreach (var name in Names(set))
                data.Add(set, name);
        return data;
    }
}
