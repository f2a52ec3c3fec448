using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Generated;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Parsing;

/// <summary>
/// ANTLR's recovery (single-token insertion and deletion, then resynchronizing at a statement end) with
/// our own wording: "unexpected ']'; expected an index" rather than ANTLR's token-set dumps.
/// </summary>
internal sealed class SyntaxErrorStrategy : DefaultErrorStrategy
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly TokenFilter _tokens;

    public SyntaxErrorStrategy(SourceText source, DiagnosticBag diagnostics, TokenFilter tokens)
    {
        _source = source;
        _diagnostics = diagnostics;
        _tokens = tokens;
    }

    /// <summary>
    /// Inside the start rule ANTLR's recovery would consume everything up to the rule's follow set, which is
    /// only the end of input, and the rule cannot resume after its catch block: one stray token between
    /// statements silently ended the parse. Here only the rest of the offending statement is skipped;
    /// <see cref="SyntaxParser"/> then starts the rule again after it.
    /// </summary>
    public override void Recover(Parser recognizer, RecognitionException e)
    {
        if (recognizer.Context is not TensorLogicParser.ProgramContext)
        {
            base.Recover(recognizer, e);
            return;
        }
        // In error mode the skipped tokens become error nodes, which tell the builder to drop the statement before them.
        BeginErrorCondition(recognizer);
        SkipToStatementEnd(recognizer, e.OffendingToken);
    }

    /// <summary>
    /// Consumes tokens up to, not including, the first statement end at or after <paramref name="offending"/>:
    /// a newline, or a '.' outside brackets (inside them it is a normalization dot).
    /// </summary>
    private static void SkipToStatementEnd(Parser recognizer, IToken? offending)
    {
        var depth = 0;
        var offendingIndex = offending?.TokenIndex ?? -1;
        while (recognizer.CurrentToken is { Type: not TokenConstants.EOF } token)
        {
            var endsStatement = token.Type == TensorLogicLexer.NEWLINE || (token.Type == TensorLogicLexer.DOT && depth == 0);
            if (endsStatement && token.TokenIndex >= offendingIndex)
                return;
            depth = token.Type switch
            {
                TensorLogicLexer.LPAREN or TensorLogicLexer.LBRACK => depth + 1,
                TensorLogicLexer.RPAREN or TensorLogicLexer.RBRACK => Math.Max(0, depth - 1),
                _ => depth,
            };
            recognizer.Consume();
        }
    }

    // The expected tokens of a failed prediction are those at the decision's first token. When the prediction
    // looked further ahead and failed there ("relu(X), etc." fails at ','), they would name the wrong place.
    protected override void ReportNoViableAlternative(Parser recognizer, NoViableAltException e) =>
        ReportUnexpected(recognizer, e.OffendingToken,
            e.StartToken.TokenIndex == e.OffendingToken.TokenIndex ? e.GetExpectedTokens() : null);

    protected override void ReportInputMismatch(Parser recognizer, InputMismatchException e) =>
        ReportUnexpected(recognizer, e.OffendingToken, e.GetExpectedTokens());

    protected override void ReportFailedPredicate(Parser recognizer, FailedPredicateException e) =>
        ReportUnexpected(recognizer, e.OffendingToken, null);

    protected override void ReportUnwantedToken(Parser recognizer)
    {
        if (InErrorRecoveryMode(recognizer))
            return;
        BeginErrorCondition(recognizer);
        ReportUnexpected(recognizer, recognizer.CurrentToken, GetExpectedTokens(recognizer));
    }

    protected override void ReportMissingToken(Parser recognizer)
    {
        if (InErrorRecoveryMode(recognizer))
            return;
        BeginErrorCondition(recognizer);
        var token = recognizer.CurrentToken;
        if (IsExplainedByUnclosedBracket(token) || _tokens.Joins.Explain(token, _diagnostics, _tokens.ReportedUnclosedBracket))
            return;
        var expected = TokenNames.Describe(GetExpectedTokens(recognizer));
        var location = LocationBefore(recognizer, token);
        _diagnostics.Report(Catalog.MissingToken, location, $"missing {expected} before {TokenNames.DescribeToken(token)}");
    }

    // DefaultErrorStrategy.ReportError has already suppressed errors during recovery when this is called.
    private void ReportUnexpected(Parser recognizer, IToken token, IntervalSet? expected)
    {
        if (IsExplainedByUnclosedBracket(token) || _tokens.Joins.Explain(token, _diagnostics, _tokens.ReportedUnclosedBracket))
            return;
        if (_tokens.UnmatchedClosers.Contains(token.StartIndex))
        {
            var span = new TextSpan(token.StartIndex, 1);
            _diagnostics.Report(Catalog.UnmatchedClosingBracket, new SourceLocation(_source, span),
                $"'{token.Text}' closes no open bracket", "remove it, or add the opening bracket it was meant to close");
            return;
        }
        var message = $"unexpected {TokenNames.DescribeToken(token)}";
        var help = expected is { Count: > 0 and <= 8 } ? $"expected {TokenNames.Describe(expected)}" : null;
        var location = token.Type is TokenConstants.EOF or TensorLogicLexer.NEWLINE
            ? LocationBefore(recognizer, token)
            : new SourceLocation(_source, TextSpan.FromBounds(token.StartIndex, token.StopIndex + 1));
        _diagnostics.Report(Catalog.UnexpectedToken, location, message, help);
    }

    /// <summary>
    /// Input that ends inside brackets always leaves the parser short of something at the end ("missing ')'
    /// before end of input"); the token filter has already reported the bracket that was never closed, which
    /// says more, so the parser's error at the end would only repeat it.
    /// </summary>
    private bool IsExplainedByUnclosedBracket(IToken token) =>
        token.Type == TokenConstants.EOF && _tokens.ReportedUnclosedBracket;

    /// <summary>
    /// A problem at a line end or the end of input is reported just after the last real token, where
    /// the user has to add something, instead of on an invisible newline.
    /// </summary>
    private SourceLocation LocationBefore(Parser recognizer, IToken token)
    {
        var previous = token.TokenIndex > 0 ? ((ITokenStream)recognizer.InputStream).Get(token.TokenIndex - 1) : null;
        if (token.Type is TokenConstants.EOF or TensorLogicLexer.NEWLINE && previous is not null)
            return new SourceLocation(_source, new TextSpan(previous.StopIndex + 1, 0));
        return new SourceLocation(_source, new TextSpan(Math.Max(0, token.StartIndex), 0));
    }
}
