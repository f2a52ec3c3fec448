using TensorLogic.Syntax.Text;
using static TensorLogic.Syntax.Tests.Infrastructure.Snippets;

namespace TensorLogic.Syntax.Tests;

/// <summary>
/// The formatter keeps comments where they annotate (<c>ProgramLayout</c>): above a statement, at the end of
/// its line, between paragraphs, at the end of the file. Every case is also formatted twice and reparsed.
/// </summary>
public sealed class CommentFormattingTests
{
    [Theory]
    // A comment above its statement, and one at the end of a statement's line (one space before it).
    [InlineData("# a comment\nE(0,1)    # trailing\n# another\nR(x)<-E(x,y)\n",
                "# a comment\nE(0, 1) # trailing\n# another\nR(x) <- E(x, y)\n")]
    // Paragraphs: any run of blank lines becomes one; none at the start or the end of the file.
    [InlineData("\n\n# one\nA = 1\n\n\n\n# two\nB = 2\n\n\n",
                "# one\nA = 1\n\n# two\nB = 2\n")]
    // Comments after the last statement end the file, with their paragraph breaks.
    [InlineData("A = 1\n# after\n\n\n// last\n", "A = 1\n# after\n\n// last\n")]
    // A file of nothing but comments.
    [InlineData("  # only\n\n#two\n", "# only\n\n#two\n")]
    // Comments inside a statement that spans lines move above it, in order.
    [InlineData("Y[i] = W[i,j] +  # inner\n   # full inner\n  X[i]   # end\n",
                "# inner\n# full inner\nY[i] = W[i, j] + X[i] # end\n")]
    [InlineData("R(x) <- E(x, y),  # first\n        F(y)\n", "# first\nR(x) <- E(x, y), F(y)\n")]
    [InlineData("W = [[1, 2],  # row 1\n     [3, 4]]\n", "# row 1\nW = [[1, 2], [3, 4]]\n")]
    // ... but above a doc comment, which must stay right above what it documents.
    [InlineData("A = 1\n\n/// Doc.\nY = A +  # why\n  1\n", "A = 1\n\n# why\n/// Doc.\nY = A + 1\n")]
    // Statements that share a line are split; a trailing comment stays with the last of them.
    [InlineData("A(1). A(2) # two\nX(1),   # first\n  X(2)\n", "A(1)\nA(2) # two\nX(1) # first\nX(2)\n")]
    // Text inside strings is not a comment; comment text is kept as written.
    [InlineData("M = \"a#b//c.txt\"  #  spaced   \n", "M = \"a#b//c.txt\" #  spaced\n")]
    [InlineData("A = 1\r\n# windows\r\nB = 2\r\n", "A = 1\n# windows\nB = 2\n")]
    public void Comments_are_kept_where_they_annotate(string source, string formatted)
    {
        Assert.Equal(formatted, Format(source));
        Assert.Equal(formatted, Format(formatted));
        Assert.Equal(TreeOf(source), TreeOf(formatted));
    }

    [Fact]
    public void Comments_are_read_from_between_the_tokens()
    {
        var comments = SourceComments.Read(new SourceText("# lead\nA = \"#x\" // tail\n  #\n", "c.tl"));

        Assert.Equal(
            [new SourceComment("# lead", 0, 0, false), new SourceComment("// tail", 16, 1, true), new SourceComment("#", 26, 2, false)],
            comments);
    }
}
