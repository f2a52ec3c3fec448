using Antlr4.Runtime;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Generated;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Parsing;

/// <summary>
/// The places where the token filter joined a line to the next one because it ended with an operator, a comma,
/// an arrow or inside brackets, and what they explain. A line that ends with '=' by mistake swallows the next
/// statement, and the parser then stumbles over something further on:
/// <code>
/// Y =        &lt;- the mistake
/// Y?         &lt;- where the parser fails: "unexpected '?'", since it read Y = Y?
/// </code>
/// When the text after a join is a complete program by itself, the join is the mistake, and the error is
/// reported after the token that ended the line (TL1020) instead of where the parser failed.
/// </summary>
internal sealed class LineJoins
{
    private readonly SourceText _source;
    private readonly bool _explain;
    private readonly List<Join> _joins = [];
    private readonly HashSet<Join> _reported = [];
    private int _statementStart;

    public LineJoins(SourceText source, bool explain) => (_source, _explain) = (source, explain);

    /// <summary>
    /// A join after <paramref name="last"/>, with the text after it running from <paramref name="next"/>
    /// to the end of the statement (filled in when the statement ends).
    /// </summary>
    private sealed record Join(IToken Last, int Depth, bool InRuleBody, int Next)
    {
        public int End { get; set; } = int.MaxValue;

        public bool? RestIsStatement { get; set; }
    }

    /// <summary>
    /// The filter swallowed a line break after <paramref name="last"/>, <paramref name="depth"/> brackets deep;
    /// the next token starts at <paramref name="next"/>.
    /// </summary>
    public void Joined(IToken last, int depth, bool inRuleBody, int next) => _joins.Add(new Join(last, depth, inRuleBody, next));

    /// <summary>A statement ended at <paramref name="position"/>: the joins inside it know where their text ends.</summary>
    public void StatementEnded(int position)
    {
        for (var i = _joins.Count - 1; i >= 0 && _joins[i].Next >= _statementStart; i--)
            _joins[i].End = Math.Min(_joins[i].End, position);
        _statementStart = position;
    }

    /// <summary>
    /// Whether a syntax error at <paramref name="offending"/> comes from a line that ends too early; if so, it
    /// has been reported as such (once per join), or left to the unclosed bracket that is already reported.
    /// </summary>
    /// <remarks>
    /// Only the last join before the error is tried: an earlier one would make the parse of its text try the
    /// later ones again, which for a long literal over many lines grows exponentially.
    /// </remarks>
    public bool Explain(IToken offending, DiagnosticBag diagnostics, bool unclosedBracketReported)
    {
        if (!_explain)
            return false;
        var position = offending.Type == TokenConstants.EOF ? _source.Text.Length : offending.StartIndex;
        var join = _joins.LastOrDefault(j => j.Next <= position);
        if (join is null || position > join.End || !Explains(join.Last.Type) || !RestIsStatement(join))
            return false;
        if (join.Depth > 0 && unclosedBracketReported)
            return true;
        if (_reported.Add(join))
            Report(join, diagnostics);
        return true;
    }

    private static bool Explains(int type) => TokenFilter.ContinuesLine(type) || type is TensorLogicLexer.LPAREN or TensorLogicLexer.LBRACK;

    private bool RestIsStatement(Join join)
    {
        if (join.RestIsStatement is { } known)
            return known;
        var end = Math.Min(join.End, _source.Text.Length);
        var rest = new SourceText(_source.Text[join.Next..end], _source.Path);
        var diagnostics = new DiagnosticBag();
        var result = SyntaxParser.ParseWithStatus(rest, diagnostics, explainLineJoins: false);
        join.RestIsStatement = !diagnostics.HasErrors && !result.EndedIncomplete && !result.Unit.Statements.IsEmpty;
        return join.RestIsStatement.Value;
    }

    private void Report(Join join, DiagnosticBag diagnostics)
    {
        var text = join.Last.Text;
        var nextLine = _source.GetLinePosition(join.Next).Line;
        diagnostics.Report(Catalog.LineEndsEarly,
            new SourceLocation(_source, new TextSpan(join.Last.StopIndex + 1, 0)),
            $"expected {Expected(join)} after '{text}'",
            $"a line that ends with '{text}' goes on to the next, but line {nextLine} is a statement of its own");
    }

    private static string Expected(Join join) => join.Last.Type switch
    {
        TensorLogicLexer.ARROW => "a rule body",
        TensorLogicLexer.COMMA when join.Depth > 0 => "another argument",
        TensorLogicLexer.COMMA when join.InRuleBody => "another atom",
        TensorLogicLexer.COMMA => "another item",
        TensorLogicLexer.LPAREN => "an argument",
        TensorLogicLexer.LBRACK => "an index",
        _ => "an expression",
    };
}
