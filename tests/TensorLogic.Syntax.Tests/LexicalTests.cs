using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Tree;
using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>Spellings, comments, and where a line break ends a statement and where it does not.</summary>
public sealed class LexicalTests
{
    [Fact]
    public void Unicode_spellings_read_as_their_ASCII_forms()
    {
        const string unicode = "Aunt(x′, z) ← Sister(x′, y), ¬Parent(y, z), x′ ≠ z, y ≤ z, y ≥ x′\nY[i, ∗t] = A[i] ∗ B[i] − C″[i]";
        const string ascii = "Aunt(x', z) <- Sister(x', y), not Parent(y, z), x' != z, y <= z, y >= x'\nY[i, *t] = A[i] * B[i] - C''[i]";

        Assert.Equal(TreeOf(ascii), TreeOf(unicode));
        Assert.Equal(Format(ascii), Format(unicode));
        Assert.Equal("Aunt(x', z) <- Sister(x', y), not Parent(y, z), x' != z, y <= z, y >= x'\nY[i, *t] = A[i] B[i] - C''[i]\n", Format(unicode));
    }

    [Fact]
    public void Names_may_use_any_letter_digits_and_underscores()
    {
        Assert.Equal(
            "Equation = {TensorRef Émbed_2 {Index {Variable δ}, Index {Variable _i}}, TensorRef Δ {Index {Variable δ}}}",
            TreeOf("Émbed_2[δ, _i] = Δ[δ]"));
    }

    [Fact]
    public void Line_comments_start_with_a_hash_or_two_slashes()
    {
        const string source = "# a comment line\nY = X // the output\n// another\nZ = W # the other\n";

        Assert.Equal(TreeOf("Y = X\nZ = W\n"), TreeOf(source));
        Assert.Equal(source, Format(source));
    }

    [Fact]
    public void A_division_is_not_a_comment()
    {
        Assert.Equal("Equation = {ScalarRef Y, Divide {Name A, Name B}}", TreeOf("Y = A / B // but this is"));
    }

    [Fact]
    public void Line_breaks_inside_brackets_and_parentheses_are_ignored()
    {
        const string oneLine = "Y[i, j] = sig(W[i, k] X[k, j] + B[i])";

        Assert.Equal(TreeOf(oneLine), TreeOf("Y[i,\n  j] = sig(\n  W[i, k]\n  X[k, j]\n  + B[i]\n)"));
    }

    [Theory]
    [InlineData("Y =\n  X[i]")]
    [InlineData("Y = A +\n  B")]
    [InlineData("Y = A -\n  B")]
    [InlineData("Y = A *\n  B")]
    [InlineData("Y = A /\n  B")]
    [InlineData("Y = A ^\n  B")]
    [InlineData("Y max=\n  X")]
    public void A_line_ending_in_an_operator_or_equals_sign_goes_on(string source) =>
        Assert.Single(ParseClean(source).Statements);

    [Fact]
    public void A_rule_goes_on_after_its_arrow_and_after_each_comma()
    {
        Assert.Equal(
            "Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)\n",
            Format("Ancestor(x, z) <-\n    Ancestor(x, y),\n    Parent(y, z)"));
    }

    [Fact]
    public void A_list_of_facts_goes_on_after_a_comma()
    {
        Assert.Equal(2, ParseClean("X(1),\nX(2)").Statements.Length);
    }

    [Fact]
    public void A_line_break_after_a_complete_statement_ends_it()
    {
        var unit = ParseClean("Y = A\nZ = -B");

        Assert.Equal(2, unit.Statements.Length);
    }

    [Theory]
    [InlineData("A = B\r\nC = D\rE = F\n")]
    [InlineData("A = B\nC = D\nE = F")]
    public void Every_line_ending_convention_separates_statements(string source)
    {
        var unit = ParseClean(source);

        Assert.Equal("A = B\nC = D\nE = F\n", Formatter.Format(unit));
        Assert.Equal(3, unit.Source.GetLinePosition(unit.Statements[2].Span.Start).Line);
    }

    [Fact]
    public void Spans_cover_statements_across_lines()
    {
        var dump = TreeDumper.Dump(ParseClean("Y =\n  A +\n  B\nZ?"));

        Assert.Equal(
            """
            Program @1:1-4:3
              Equation = @1:1-3:4
                ScalarRef Y @1:1-1:2
                Add @2:3-3:4
                  Name A @2:3-2:4
                  Name B @3:3-3:4
              Query @4:1-4:3
                ScalarRef Z @4:1-4:2

            """.ReplaceLineEndings("\n"),
            dump);
    }

    [Fact]
    public void A_parenthesized_expression_spans_its_parentheses()
    {
        var dump = TreeDumper.Dump(ParseClean("Y = (d-1)/De\nZ = X[(x+1)*2]"));

        Assert.Equal(
            """
            Program @1:1-2:15
              Equation = @1:1-1:13
                ScalarRef Y @1:1-1:2
                Divide @1:5-1:13
                  Subtract @1:5-1:10
                    Name d @1:6-1:7
                    Number 1 @1:8-1:9
                  Name De @1:11-1:13
              Equation = @2:1-2:15
                ScalarRef Z @2:1-2:2
                TensorRef X @2:5-2:15
                  Index @2:7-2:14
                    IndexBinary Multiply @2:7-2:14
                      IndexBinary Add @2:7-2:12
                        Variable x @2:8-2:9
                        Integer 1 @2:10-2:11
                      Integer 2 @2:13-2:14

            """.ReplaceLineEndings("\n"),
            dump);
    }

    [Fact]
    public void Identifier_spans_cover_the_name_as_written()
    {
        var equation = Assert.IsType<EquationStatement>(ParseClean("M″[i] = X[i]").Statements.Single());

        Assert.Equal("M''", equation.Target.Name.Text);
        Assert.Equal("M″", equation.Target.Name.Span is var span ? "M″[i] = X[i]".Substring(span.Start, span.Length) : null);
    }
}
