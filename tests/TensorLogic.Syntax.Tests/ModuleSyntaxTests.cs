using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;
using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>
/// The syntax of modules (docs/language.md §11): qualified names, named imports with arguments, the
/// <c>input</c> and <c>param</c> headers, their canonical text and their errors (TL1019), and doc comments.
/// </summary>
public sealed class ModuleSyntaxTests
{
    [Fact]
    public void A_named_import_with_arguments()
    {
        Assert.Equal(
            "Import \"std/nn.tl\" as enc {Setting X {Name Features}, Setting Hidden {Number 64}, Setting T {Number -0.5}}",
            TreeOf("import \"std/nn.tl\" as enc with X = Features, Hidden=64, T=-0.5"));
    }

    [Theory]
    [InlineData("import \"std/nn.tl\" as enc with X = Features,\n  Hidden = 64", "import \"std/nn.tl\" as enc with X=Features, Hidden=64\n")]
    [InlineData("import   \"a.tl\"   as  a", "import \"a.tl\" as a\n")]
    [InlineData("import \"a.tl\" as a with X=b.Out", "import \"a.tl\" as a with X=b.Out\n")]
    [InlineData("input  X,Edge", "input X, Edge\n")]
    [InlineData("param Hidden = 16 , Out", "param Hidden=16, Out\n")]
    public void Canonical_text(string source, string formatted)
    {
        Assert.Equal(formatted, Format(source));
        Assert.Equal(formatted, Format(formatted));
    }

    [Fact]
    public void Input_and_param_headers()
    {
        Assert.Equal(
            "Input {Tensor X, Tensor Edge}\nParam {Parameter Hidden default 16, Parameter Out}",
            TreeOf("input X, Edge\nparam Hidden=16, Out"));
    }

    [Theory]
    [InlineData("Y[i] = enc.W[i, j] enc.X[j]", "Equation = {TensorRef Y {Index {Variable i}}, Join {TensorRef enc.W {Index {Variable i}, Index {Variable j}}, TensorRef enc.X {Index {Variable j}}}}")]
    [InlineData("g.Path(Ann, x)?", "Query {AtomRef g.Path {Index {Constant Ann}, Index {Variable x}}}")]
    [InlineData("Y[x/enc.S] = X[x]", "Equation = {TensorRef Y {Index {IndexBinary Divide {Variable x, Constant enc.S}}}, TensorRef X {Index {Variable x}}}")]
    [InlineData("Y = a.b.Out'", "Equation = {ScalarRef Y, Name a.b.Out'}")]
    public void Qualified_names_are_one_name(string source, string tree) => Assert.Equal(tree, TreeOf(source));

    [Theory]
    [InlineData("Parent(Bob, Charlie).Parent(Charlie, Dan).", 2)]
    [InlineData("X = Y.\nZ = X", 2)]
    [InlineData("X = Y. Z = X", 2)]
    [InlineData("Comp[p, p'.] = softmax(S[p, p'])", 1)]
    public void A_dot_without_a_letter_right_after_it_still_ends_a_statement(string source, int statements) =>
        Assert.Equal(statements, ParseClean(source).Statements.Length);

    [Fact]
    public void The_last_part_of_a_qualified_name_gives_its_case()
    {
        Assert.True(new Identifier("enc.Hidden", default).IsCapitalized);
        Assert.False(new Identifier("Enc.hidden", default).IsCapitalized);
        Assert.Equal("enc", new Identifier("enc.b.Out", default).Qualifier);
        Assert.Equal("Out", new Identifier("enc.b.Out", default).LastPart);
        Assert.Null(new Identifier("Out", default).Qualifier);
    }

    [Theory]
    [InlineData("import \"a.tl\" with X=Y", "TL1019: an import with arguments must name its instance")]
    [InlineData("import \"a.tl\" as a wiht X=Y", "TL1019: unknown word 'wiht' in an import")]
    [InlineData("import \"a.tl\" with X=Y as a", "TL1019: 'as' must come before 'with' in an import")]
    [InlineData("import \"a.tl\" as a, b", "TL1019: 'a,b' cannot name an import")]
    [InlineData("import \"a.tl\" as a.b", "TL1019: 'a.b' cannot name an import")]
    [InlineData("import \"a.tl\" as a with X", "TL1019: argument 'X' has no value")]
    [InlineData("import \"a.tl\" as a with X=Y, X=Z", "TL1019: argument 'X' is given twice")]
    [InlineData("input X=3", "TL1019: input 'X' cannot have a value here")]
    [InlineData("input a.X", "TL1019: 'a.X' cannot be one of a module's own names")]
    [InlineData("param N=Big", "TL1019: the default of parameter 'N' must be a number")]
    [InlineData("param N with M=2", "TL1019: unexpected 'with' in a param statement")]
    public void Malformed_imports_and_headers(string source, string expected)
    {
        var (unit, diagnostics) = Parse(source);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(expected, $"{diagnostic.Id}: {diagnostic.Message}");
        Assert.Empty(unit.Statements);
    }

    [Fact]
    public void A_doc_comment_belongs_to_the_statement_right_below_it()
    {
        var source = new SourceText("/// The module.\n\n# not a doc comment\n/// Reach(x): reachable.\n///   indented  \nReach(x) <- Start(x)\n\nY = 1\n", "m.tl");
        var unit = ParseClean(source.Text);

        Assert.Equal("Reach(x): reachable.\n  indented", DocComments.Above(source, unit.Statements[0].Span.Start));
        Assert.Null(DocComments.Above(source, unit.Statements[1].Span.Start));
        Assert.Equal("The module.", DocComments.Leading(source, unit.Statements[0].Span.Start));
    }

    [Theory]
    [InlineData("/// Documents X.\nX = 1\n")]
    [InlineData("# A plain comment.\nX = 1\n")]
    [InlineData("X = 1\n/// After the first statement.\n")]
    public void A_file_without_its_own_doc_comment(string text)
    {
        var source = new SourceText(text, "m.tl");
        var unit = ParseClean(text);

        Assert.Null(DocComments.Leading(source, unit.Statements[0].Span.Start));
    }

    [Fact]
    public void A_file_of_doc_comments_alone_is_documented()
    {
        var source = new SourceText("/// Nothing yet.\n", "m.tl");

        Assert.Equal("Nothing yet.", DocComments.Leading(source, source.Text.Length));
    }
}
