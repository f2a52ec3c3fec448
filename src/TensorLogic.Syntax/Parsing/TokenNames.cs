using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using TensorLogic.Syntax.Generated;

namespace TensorLogic.Syntax.Parsing;

/// <summary>How tokens are named in syntax error messages.</summary>
internal static class TokenNames
{
    public static string DescribeToken(IToken token) => token.Type switch
    {
        TokenConstants.EOF => "end of input",
        TensorLogicLexer.NEWLINE => "end of line",
        TensorLogicLexer.STRING => "string " + token.Text,
        _ => $"'{token.Text}'",
    };

    public static string Describe(IntervalSet expected)
    {
        var names = expected.ToArray().Select(Describe).Distinct().ToList();
        return names.Count switch
        {
            0 => "nothing",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1],
        };
    }

    public static string Describe(int type) => type switch
    {
        TokenConstants.EOF => "end of input",
        TensorLogicLexer.NEWLINE => "end of line",
        TensorLogicLexer.ID => "a name",
        TensorLogicLexer.INT => "an integer",
        TensorLogicLexer.FLOAT => "a number",
        TensorLogicLexer.STRING => "a string",
        TensorLogicLexer.ARROW => "'<-'",
        TensorLogicLexer.MINUS => "'-'",
        TensorLogicLexer.STAR => "'*'",
        TensorLogicLexer.NOT_EQUAL => "'!='",
        TensorLogicLexer.LESS_EQUAL => "'<='",
        TensorLogicLexer.GREATER_EQUAL => "'>='",
        TensorLogicLexer.NOT_SIGN => "'not'",
        _ => TensorLogicLexer.DefaultVocabulary.GetLiteralName(type) ?? TensorLogicLexer.DefaultVocabulary.GetDisplayName(type),
    };
}
