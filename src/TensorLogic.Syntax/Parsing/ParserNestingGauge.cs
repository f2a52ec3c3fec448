using Antlr4.Runtime;
using TensorLogic.Syntax.Generated;

namespace TensorLogic.Syntax.Parsing;

/// <summary>
/// Estimates, token by token, how deep ANTLR's recursive-descent parser will recurse, so that input nested
/// past <see cref="NestingLimits.MaxParserNesting"/> is refused before the parser runs. Three things make
/// it recurse: open brackets, runs of prefix minus (<c>- - x</c>) and chains of <c>^</c> (right-associative,
/// <c>2^2^2</c>). Minus and <c>^</c> are counted per bracket level until an operator that ends the chain
/// (<c>+ * / %</c>, a binary minus, a comma). The estimate may be high for odd code, never low.
/// </summary>
internal sealed class ParserNestingGauge
{
    private readonly Stack<int> _outerChains = new();
    private int _chain;
    private int _total;
    private int _previousType = TokenConstants.InvalidType;

    /// <summary>The first token at which the limit was passed; null while within it.</summary>
    public IToken? FirstTooDeep { get; private set; }

    public void Observe(IToken token)
    {
        switch (token.Type)
        {
            case TensorLogicLexer.LPAREN or TensorLogicLexer.LBRACK:
                _outerChains.Push(_chain);
                _chain = 0;
                _total++;
                break;
            case TensorLogicLexer.RPAREN or TensorLogicLexer.RBRACK when _outerChains.Count > 0:
                _total -= _chain + 1;
                _chain = _outerChains.Pop();
                break;
            case TensorLogicLexer.CARET:
            case TensorLogicLexer.MINUS when !EndsOperand(_previousType):
                _chain++;
                _total++;
                break;
            case TensorLogicLexer.MINUS or TensorLogicLexer.PLUS or TensorLogicLexer.STAR or TensorLogicLexer.SLASH
                or TensorLogicLexer.PERCENT or TensorLogicLexer.COMMA or TensorLogicLexer.NEWLINE:
                _total -= _chain;
                _chain = 0;
                break;
        }
        _previousType = token.Type;
        if (_total > NestingLimits.MaxParserNesting)
            FirstTooDeep ??= token;
    }

    /// <summary>Tokens an operand can end with; a minus after one of them is a subtraction, not a negation.</summary>
    private static bool EndsOperand(int type) => type is
        TensorLogicLexer.ID or TensorLogicLexer.INT or TensorLogicLexer.FLOAT or TensorLogicLexer.STRING or
        TensorLogicLexer.RPAREN or TensorLogicLexer.RBRACK;
}
