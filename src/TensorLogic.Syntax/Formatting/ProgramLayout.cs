using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Syntax.Formatting;

/// <summary>
/// Lays out a whole program: each statement in canonical form on its own line, with the source's comments
/// where they were, as gofmt and rustfmt keep them.
/// <list type="bullet">
/// <item>A comment on a line of its own stays on a line of its own, in the same order among the statements,
/// so a comment above a statement stays above it, and those after the last statement end the file.</item>
/// <item>A comment after the end of a statement stays at the end of that statement's line, after one space.</item>
/// <item>A comment inside a statement that spans several lines moves right above the statement, in its
/// order, since the statement is printed on one line and no place inside it would survive a second run.
/// Above means above the statement's doc comment, if it has one, so that the doc comment stays its own.</item>
/// <item>A paragraph break (one or more blank lines) is kept as one blank line; blank lines at the start and
/// end of the file, or inside a statement, are dropped.</item>
/// </list>
/// <code>
/// # weights                           # weights
/// W = [1,2]  # row                    W = [1, 2] # row
///                          -----&gt;
///                                     # both edges
///                                     R(x) &lt;- E(x, y), F(y)
/// R(x) &lt;- E(x, y),  # both edges
///         F(y)
/// </code>
/// Comment text is kept as written, so doc comments (<c>///</c>) stay where tools read them
/// (<see cref="DocComments"/>). Statements that shared a line are printed one per line.
/// </summary>
internal sealed class ProgramLayout
{
    private readonly SourceText _source;
    private readonly IReadOnlyList<SourceComment> _comments;
    private readonly List<string> _lines = [];
    private int _nextComment;

    // The last source line printed so far, to see paragraph breaks and trailing comments; -1 before any.
    private int _lastLine = -1;

    private ProgramLayout(SourceText source)
    {
        _source = source;
        _comments = SourceComments.Read(source);
    }

    public static string Print(CompilationUnit unit)
    {
        var layout = new ProgramLayout(unit.Source);
        foreach (var statement in unit.Statements)
            layout.Statement(statement);
        layout.CommentsBefore(int.MaxValue);
        return string.Concat(layout._lines.Select(line => line + "\n"));
    }

    private void Statement(Statement statement)
    {
        CommentsBefore(statement.Span.Start);
        var startLine = _source.GetLineIndex(statement.Span.Start);
        ParagraphBreak(startLine);
        var inner = new List<string>();
        while (_nextComment < _comments.Count && _comments[_nextComment].Start < statement.Span.End)
            inner.Add(_comments[_nextComment++].Text);
        _lines.InsertRange(StartOfDocComment(), inner);
        _lines.Add(Formatter.Format(statement));
        _lastLine = _source.GetLineIndex(Math.Max(statement.Span.Start, statement.Span.End - 1));
    }

    private void CommentsBefore(int position)
    {
        while (_nextComment < _comments.Count && _comments[_nextComment].Start < position)
        {
            var comment = _comments[_nextComment++];
            if (comment.IsTrailing && comment.Line == _lastLine && _lines.Count > 0)
            {
                _lines[^1] += " " + comment.Text;
            }
            else
            {
                ParagraphBreak(comment.Line);
                _lines.Add(comment.Text);
            }
            _lastLine = comment.Line;
        }
    }

    /// <summary>A blank line before what comes from <paramref name="sourceLine"/>, where the source had one or more.</summary>
    /// <remarks>
    /// Only a blank source line counts: a line between two printed ones may also be a statement with errors,
    /// which is not in the tree (<c>tlc parse</c> prints what is left; <c>tlc fmt</c> never gets that far).
    /// </remarks>
    private void ParagraphBreak(int sourceLine)
    {
        if (_lastLine < 0)
            return;
        for (var line = _lastLine + 1; line < sourceLine; line++)
        {
            if (string.IsNullOrWhiteSpace(_source.GetLineText(line)))
            {
                _lines.Add("");
                return;
            }
        }
    }

    /// <summary>Where the <c>///</c> lines printed last begin: the next statement's doc comment, if any.</summary>
    private int StartOfDocComment()
    {
        var index = _lines.Count;
        while (index > 0 && _lines[index - 1].StartsWith("///", StringComparison.Ordinal))
            index--;
        return index;
    }
}
