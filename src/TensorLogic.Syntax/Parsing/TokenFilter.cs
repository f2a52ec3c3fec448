using Antlr4.Runtime;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Generated;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Parsing;

/// <summary>
/// Sits between the lexer and the parser and does what a context-free grammar cannot say simply:
/// a newline ends a statement only outside brackets and not after a token that cannot end one
/// (a comma, an arrow, an operator), so long equations and rules can span lines. It also reports
/// stray characters and unterminated strings, so the parser sees a clean token stream and can go on
/// to find further errors.
/// </summary>
internal sealed class TokenFilter : ITokenSource
{
    private readonly TensorLogicLexer _lexer;
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly Stack<IToken> _openBrackets = new();
    private int _previousType = TokenConstants.InvalidType;
    private IToken? _previous;
    private (IToken Last, int Depth, bool InRuleBody)? _pendingJoin;
    private bool _inRuleBody;

    public TokenFilter(TensorLogicLexer lexer, SourceText source, DiagnosticBag diagnostics, bool explainLineJoins)
    {
        _lexer = lexer;
        _source = source;
        _diagnostics = diagnostics;
        Joins = new LineJoins(source, explainLineJoins);
    }

    /// <summary>Where lines were joined, to tell a line that ends too early from an error further on.</summary>
    public LineJoins Joins { get; }

    /// <summary>Start offsets of ')' and ']' tokens that close nothing, so the parser can name the real problem.</summary>
    public HashSet<int> UnmatchedClosers { get; } = [];

    /// <summary>True when the input ended inside brackets or after a continuation token (the REPL reads on).</summary>
    public bool EndedIncomplete { get; private set; }

    /// <summary>True when the input ended inside brackets, which has been reported as an unclosed bracket.</summary>
    public bool ReportedUnclosedBracket { get; private set; }

    public int Line => _lexer.Line;
    public int Column => _lexer.Column;
    public ICharStream InputStream => (ICharStream)_lexer.InputStream;
    public string SourceName => _lexer.SourceName;

    public ITokenFactory TokenFactory
    {
        get => _lexer.TokenFactory;
        set => _lexer.TokenFactory = value;
    }

    public IToken NextToken()
    {
        while (true)
        {
            var token = _lexer.NextToken();
            switch (token.Type)
            {
                case TensorLogicLexer.UNKNOWN_CHAR:
                    Report(Catalog.UnexpectedCharacter, token, $"unexpected character '{token.Text}'");
                    continue;
                case TensorLogicLexer.UNTERMINATED_STRING:
                    Report(Catalog.UnterminatedString, token, "unterminated string", "add the closing '\"' on the same line");
                    return Remember(Retype(token, TensorLogicLexer.STRING));
                case TensorLogicLexer.NEWLINE when _openBrackets.Count > 0 || ContinuesLine(_previousType):
                    if (_previous is not null)
                        _pendingJoin ??= (_previous, _openBrackets.Count, _inRuleBody);
                    continue;
                case TensorLogicLexer.NEWLINE:
                    EndStatement(token.StartIndex);
                    break;
                case TensorLogicLexer.DOT when _openBrackets.Count == 0:
                    EndStatement(token.StartIndex);
                    break;
                case TensorLogicLexer.ARROW when _openBrackets.Count == 0:
                    _inRuleBody = true;
                    break;
                case TensorLogicLexer.LPAREN or TensorLogicLexer.LBRACK:
                    _openBrackets.Push(token);
                    break;
                case TensorLogicLexer.RPAREN or TensorLogicLexer.RBRACK:
                    if (_openBrackets.Count > 0)
                        _openBrackets.Pop();
                    else
                        UnmatchedClosers.Add(token.StartIndex);
                    break;
                case TokenConstants.EOF:
                    EndStatement(_source.Text.Length);
                    EndedIncomplete = _openBrackets.Count > 0 || ContinuesLine(_previousType);
                    if (_openBrackets.Count > 0)
                    {
                        var open = _openBrackets.Peek();
                        var close = open.Type == TensorLogicLexer.LPAREN ? ")" : "]";
                        Report(Catalog.UnclosedBracket, open, $"'{open.Text}' is never closed", $"add '{close}'");
                        ReportedUnclosedBracket = true;
                        _openBrackets.Clear();
                    }
                    break;
            }
            return Remember(token);
        }
    }

    /// <summary>How deep the parser would recurse on the tokens passed so far.</summary>
    public ParserNestingGauge Nesting { get; } = new();

    private void EndStatement(int position)
    {
        Joins.StatementEnded(position);
        _inRuleBody = false;
    }

    private IToken Remember(IToken token)
    {
        if (_pendingJoin is var (last, depth, inRuleBody))
        {
            // The join's text starts at the first token after the swallowed line breaks.
            Joins.Joined(last, depth, inRuleBody, token.Type == TokenConstants.EOF ? _source.Text.Length : token.StartIndex);
            _pendingJoin = null;
        }
        _previous = token;
        Nesting.Observe(token);
        _previousType = token.Type;
        return token;
    }

    /// <summary>Tokens after which a statement cannot end, so a newline following them continues the line.</summary>
    internal static bool ContinuesLine(int type) => type is
        TensorLogicLexer.COMMA or TensorLogicLexer.ARROW or TensorLogicLexer.ASSIGN or
        TensorLogicLexer.PLUS_ASSIGN or TensorLogicLexer.MAX_ASSIGN or TensorLogicLexer.MIN_ASSIGN or
        TensorLogicLexer.AVG_ASSIGN or TensorLogicLexer.PLUS or TensorLogicLexer.MINUS or
        TensorLogicLexer.STAR or TensorLogicLexer.SLASH or TensorLogicLexer.PERCENT or TensorLogicLexer.CARET;

    private static IToken Retype(IToken token, int type)
    {
        var copy = new CommonToken(token) { Type = type };
        return copy;
    }

    private void Report(DiagnosticDescriptor descriptor, IToken token, string message, string? help = null)
    {
        var span = TextSpan.FromBounds(token.StartIndex, token.StopIndex + 1);
        _diagnostics.Report(descriptor, new SourceLocation(_source, span), message, help);
    }
}
