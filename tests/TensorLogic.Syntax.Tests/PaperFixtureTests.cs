using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Tests.Infrastructure;
using TensorLogic.Syntax.Tree;
using TensorLogic.Testing;
using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>
/// Every example program of the paper (catalogued in §5 of the project's reference notes on it,
/// tensor-logic-paper.md), twice: as printed, typos and "..." included, and corrected so
/// that it can run. The verbatim set pins how the parser reports the paper's typos; the
/// corrected set pins the trees and canonical text that the rest of the compiler starts from.
/// </summary>
public sealed class PaperFixtureTests
{
    private static readonly string[] Programs =
    [
        "attention", "bayes", "cnn", "embedding", "family", "gnn", "index-function", "kernels", "learning", "mlp",
        "perceptron", "rnn", "softmax-concat", "transformer",
    ];

    [Theory]
    [InlineData("verbatim")]
    [InlineData("corrected")]
    public void Each_set_holds_every_program_of_the_paper(string set) =>
        Assert.Equal(Programs, Fixtures.Names(set));

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Each_fixture_says_where_in_the_paper_it_comes_from(string set, string name)
    {
        var firstLine = Fixtures.Read(set, name).Split('\n')[0];
        Assert.Matches(@"^# Paper, .*pp?\. .* \(reference notes §5\.\d+\): ", firstLine);
    }

    [Theory]
    [MemberData(nameof(Fixtures.Corrected), MemberType = typeof(Fixtures))]
    public void Corrected_program_parses_without_diagnostics_and_ends_with_a_query(string name)
    {
        var unit = ParseClean(Fixtures.Read("corrected", name), Fixtures.DisplayPath("corrected", name));
        Assert.IsType<QueryStatement>(unit.Statements[^1]);
    }

    [Theory]
    [MemberData(nameof(Fixtures.Corrected), MemberType = typeof(Fixtures))]
    public void Corrected_program_tree(string name)
    {
        var unit = ParseClean(Fixtures.Read("corrected", name), Fixtures.DisplayPath("corrected", name));
        Golden.Verify(TreeDumper.Dump(unit), $"paper-corrected-{name}.tree");
    }

    [Theory]
    [MemberData(nameof(Fixtures.Corrected), MemberType = typeof(Fixtures))]
    public void Corrected_program_canonical_text(string name)
    {
        var unit = ParseClean(Fixtures.Read("corrected", name), Fixtures.DisplayPath("corrected", name));
        Golden.Verify(Formatter.Format(unit), $"paper-corrected-{name}.fmt");
    }

    /// <summary>A verbatim program either parses or fails with the diagnostics pinned here.</summary>
    [Theory]
    [MemberData(nameof(Fixtures.Verbatim), MemberType = typeof(Fixtures))]
    public void Verbatim_program_diagnostics(string name)
    {
        var (_, diagnostics) = Parse(Fixtures.Read("verbatim", name), Fixtures.DisplayPath("verbatim", name));
        var rendered = diagnostics.Count == 0 ? "(no diagnostics)\n" : Rendered(diagnostics);
        Golden.Verify(rendered, $"paper-verbatim-{name}.diagnostics");
    }

    /// <summary>Statements without errors are kept; their canonical text shows which lines an error took down.</summary>
    [Theory]
    [MemberData(nameof(Fixtures.Verbatim), MemberType = typeof(Fixtures))]
    public void Verbatim_program_canonical_text(string name)
    {
        var (unit, _) = Parse(Fixtures.Read("verbatim", name), Fixtures.DisplayPath("verbatim", name));
        Golden.Verify(Formatter.Format(unit), $"paper-verbatim-{name}.fmt");
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Formatting_is_idempotent_and_keeps_the_tree(string set, string name)
    {
        var (unit, _) = Parse(Fixtures.Read(set, name), Fixtures.DisplayPath(set, name));
        var formatted = Formatter.Format(unit);

        var reparsed = ParseClean(formatted);

        Assert.Equal(formatted, Formatter.Format(reparsed));
        Assert.Equal(Compact(TreeDumper.Dump(unit)), Compact(TreeDumper.Dump(reparsed)));
    }
}
