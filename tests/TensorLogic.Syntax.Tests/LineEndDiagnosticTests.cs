using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>
/// TL1020: a line that ends with an operator, an arrow, a comma or a bracket joins the next line, and when that
/// line is a statement of its own the error is reported where the statement stops short, not further on.
/// </summary>
public sealed class LineEndDiagnosticTests
{
    [Fact]
    public void An_equals_sign_at_the_end_of_a_line_before_a_query()
    {
        Assert.Equal("""
            test.tl:1:4: error TL1020: expected an expression after '='
             1 | Y =
               |    ^
              = help: a line that ends with '=' goes on to the next, but line 2 is a statement of its own

            """, Errors("Y =\nY?\n"));
    }

    [Theory]
    [InlineData("X = [1]\nY = X +\nY?\n", "test.tl:2:8: error TL1020: expected an expression after '+'")]
    [InlineData("X = [1]\nY max=\nY?\n", "test.tl:2:7: error TL1020: expected an expression after 'max='")]
    [InlineData("R(x) <-\nR(1)?\n", "test.tl:1:8: error TL1020: expected a rule body after '<-'")]
    [InlineData("R(x) :-\nR(1)?\n", "test.tl:1:8: error TL1020: expected a rule body after ':-'")]
    [InlineData("E(1, 2)\nR(x) <- E(x, y),\nR(1)?\n", "test.tl:2:17: error TL1020: expected another atom after ','")]
    [InlineData("E(1),\nE(2)?\n", "test.tl:1:6: error TL1020: expected another item after ','")]
    [InlineData("input X,\nX?\n", "test.tl:1:9: error TL1020: expected another item after ','")]
    // Of several joined lines, the one before the statement of its own is the one that stops short.
    [InlineData("X = [1]\nY = X +\n  X *\nY?\n", "test.tl:3:6: error TL1020: expected an expression after '*'")]
    // A statement over several lines after the join is still a statement of its own.
    [InlineData("Y =\nZ = [1,\n  2]\n", "test.tl:1:4: error TL1020: expected an expression after '='")]
    public void Each_joining_token_names_what_it_lacks(string source, string firstLine)
    {
        Assert.Equal(firstLine, Errors(source).Split('\n')[0]);
        Assert.Single(Parse(source).Diagnostics);
    }

    [Theory]
    // An unclosed bracket is reported as such, and the parser's errors after it are not.
    [InlineData("X = [1]\nY = f(\nY?\n", "test.tl:2:6: error TL1014: '(' is never closed")]
    [InlineData("X = [1]\nY = X[\nZ = [2]\nZ?\n", "test.tl:2:6: error TL1014: '[' is never closed")]
    // When the next line does not stand alone, the error stays where the parser found it.
    [InlineData("Y = X +\n  * Z\n", "test.tl:2:3: error TL1003: unexpected '*'")]
    public void Other_errors_keep_their_place(string source, string firstLine)
    {
        Assert.Equal(firstLine, Errors(source).Split('\n')[0]);
    }

    [Fact]
    public void A_statement_continued_on_the_next_line_is_no_error()
    {
        Assert.Empty(Parse("Y = A +\n  B\nR(x) <- E(x, y),\n  F(y)\n").Diagnostics);
    }
}
