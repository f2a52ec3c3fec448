using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Compiler.Tests.Semantics;

/// <summary>
/// Every program of the paper's §5: the corrected versions check with no diagnostic at all, and their
/// checked form (types, domains, canonical equations, strata) is pinned; the verbatim versions' diagnostics
/// are pinned too, so each typo keeps failing precisely.
/// </summary>
public class PaperProgramTests
{
    public static TheoryData<string> Corrected() => [.. Names("corrected")];

    public static TheoryData<string> Verbatim() => [.. Names("verbatim")];

    private static IEnumerable<string> Names(string set) =>
        Directory.GetFiles(Repository.PathOf("tests", "fixtures", "paper", set), "*.tl")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)!;

    private static CompilationResult Check(string set, string name)
    {
        var path = Repository.PathOf("tests", "fixtures", "paper", set, name + ".tl");
        return Compilation.Compile([new SourceText(File.ReadAllText(path), $"paper/{set}/{name}.tl")], null);
    }

    [Theory]
    [MemberData(nameof(Corrected))]
    public void Corrected_program_checks_clean(string name)
    {
        var result = Check("corrected", name);
        Assert.Equal("", DiagnosticFormatter.Format(result.Diagnostics));
        Golden.Verify(BoundProgramPrinter.Print(result.Bound!), $"paper-corrected-{name}.bound");
    }

    [Theory]
    [MemberData(nameof(Verbatim))]
    public void Verbatim_program_diagnostics(string name)
    {
        var result = Check("verbatim", name);
        Golden.Verify(DiagnosticFormatter.Format(result.Diagnostics), $"paper-verbatim-{name}.check");
    }
}
