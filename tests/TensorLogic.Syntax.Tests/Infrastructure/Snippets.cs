using System.Text;
using System.Text.RegularExpressions;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Parsing;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;
using Xunit.Sdk;

namespace TensorLogic.Syntax.Tests.Infrastructure;

/// <summary>Short ways to parse a snippet and look at the result, so each test states only its input and expectation.</summary>
internal static partial class Snippets
{
    public const string DefaultPath = "test.tl";

    public static (CompilationUnit Unit, DiagnosticBag Diagnostics) Parse(string text, string path = DefaultPath)
    {
        var diagnostics = new DiagnosticBag();
        var unit = SyntaxParser.Parse(new SourceText(text, path), diagnostics);
        return (unit, diagnostics);
    }

    /// <summary>Parses text that must have no diagnostics at all; a failure shows them rendered.</summary>
    public static CompilationUnit ParseClean(string text, string path = DefaultPath)
    {
        var (unit, diagnostics) = Parse(text, path);
        if (diagnostics.Count > 0)
            throw new XunitException($"expected no diagnostics for:\n{text}\nbut got:\n{Rendered(diagnostics)}");
        return unit;
    }

    public static string Rendered(DiagnosticBag diagnostics) => DiagnosticFormatter.Format(diagnostics.ToSortedArray());

    /// <summary>The rendered diagnostics of <paramref name="text"/>, as a user of tlc would see them.</summary>
    public static string Errors(string text, string path = DefaultPath) => Rendered(Parse(text, path).Diagnostics);

    public static string Format(string text) => Formatter.Format(ParseClean(text));

    /// <summary>
    /// The tree of a clean parse in one line per statement, without positions:
    /// <c>Equation = {ScalarRef Y, Negate {Power {Name x, Number 2}}}</c>. It is TreeDumper's output folded by
    /// indentation, so it names nodes exactly as <c>tlc parse --tree</c> does.
    /// </summary>
    public static string TreeOf(string text) => Compact(TreeDumper.Dump(ParseClean(text)));

    public static string Compact(string dump)
    {
        var nodes = dump.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (Depth: (line.Length - line.TrimStart(' ').Length) / 2, Label: Position().Replace(line.Trim(), "")))
            .ToList();
        var statements = new List<string>();
        var index = 1; // skip the Program node
        while (index < nodes.Count)
            statements.Add(Fold(nodes, ref index));
        return string.Join("\n", statements);
    }

    private static string Fold(List<(int Depth, string Label)> nodes, ref int index)
    {
        var (depth, label) = nodes[index++];
        var children = new List<string>();
        while (index < nodes.Count && nodes[index].Depth > depth)
            children.Add(Fold(nodes, ref index));
        if (children.Count == 0)
            return label;
        return new StringBuilder(label).Append(" {").AppendJoin(", ", children).Append('}').ToString();
    }

    [GeneratedRegex(@" @\d+:\d+-\d+:\d+$")]
    private static partial Regex Position();
}
