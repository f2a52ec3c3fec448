using System.Text.RegularExpressions;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>docs/diagnostics.md has one section per catalog id, and no section for an id that does not exist.</summary>
public class DiagnosticsDocumentationTests
{
    [Fact]
    public void Every_catalog_id_has_a_section_and_every_section_an_id()
    {
        var text = File.ReadAllText(Repository.PathOf("docs", "diagnostics.md"));
        var headings = Regex.Matches(text, @"^## (TL\d{4})\b", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var ids = Catalog.All.Select(d => d.Id).ToList();

        Assert.Empty(ids.Except(headings));
        Assert.Empty(headings.Except(ids));
        Assert.Equal(headings.Distinct().Count(), headings.Count);
    }

    [Fact]
    public void Sections_follow_the_order_of_the_ids()
    {
        var text = File.ReadAllText(Repository.PathOf("docs", "diagnostics.md"));
        var headings = Regex.Matches(text, @"^## (TL\d{4})\b", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(headings.Order(StringComparer.Ordinal), headings);
    }
}
