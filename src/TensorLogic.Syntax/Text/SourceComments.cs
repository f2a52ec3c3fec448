using Antlr4.Runtime;
using TensorLogic.Syntax.Generated;

namespace TensorLogic.Syntax.Text;

/// <summary>
/// One comment of a source: its text from <c>#</c> or <c>//</c> to the end of the line (trailing blanks
/// removed), where it starts, and whether code precedes it on its line (<c>E(0, 1) # trailing</c>) or it has
/// the line to itself.
/// </summary>
public sealed record SourceComment(string Text, int Start, int Line, bool IsTrailing);

/// <summary>
/// Finds the comments of a source. The lexer skips them (and blanks) rather than handing them to the parser,
/// so they are read from the gaps between the tokens it does return: a gap holds only blanks and at most one
/// comment, since a comment runs to the line break and a line break is a token. Reading them this way keeps
/// the lexer's own rules, such as a '#' inside a string being text, without a second copy of them.
/// </summary>
public static class SourceComments
{
    public static IReadOnlyList<SourceComment> Read(SourceText source)
    {
        var lexer = new TensorLogicLexer(new AntlrInputStream(source.Text));
        lexer.RemoveErrorListeners();
        var comments = new List<SourceComment>();
        var gapStart = 0;
        var codeOnLine = false;
        while (true)
        {
            var token = lexer.NextToken();
            var gapEnd = token.Type == TokenConstants.EOF ? source.Text.Length : token.StartIndex;
            if (Find(source, gapStart, gapEnd, codeOnLine) is { } comment)
                comments.Add(comment);
            if (token.Type == TokenConstants.EOF)
                return comments;
            codeOnLine = token.Type != TensorLogicLexer.NEWLINE;
            gapStart = token.StopIndex + 1;
        }
    }

    private static SourceComment? Find(SourceText source, int start, int end, bool codeOnLine)
    {
        var text = source.Text;
        for (var i = start; i < end; i++)
        {
            if (text[i] == '#' || (text[i] == '/' && i + 1 < end && text[i + 1] == '/'))
                return new SourceComment(text[i..end].TrimEnd(), i, source.GetLineIndex(i), codeOnLine);
        }
        return null;
    }
}
