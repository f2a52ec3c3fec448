namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// The words of Tensor Logic. The lexer reads them all as names (ID); the syntax builder gives them their
/// meaning (SyntaxBuilder.Directives and SyntaxBuilder.Modules), and the declaration's types are checked by the
/// binder. Completion offers them and the TextMate grammar's test checks that the grammar colors each.
/// </summary>
internal static class Keywords
{
    public static readonly IReadOnlyList<string> Statements = ["import", "as", "with", "learn", "wrt", "fixed", "init", "input", "param", "not"];

    public static readonly IReadOnlyList<string> Types = ["bool", "real", "int"];

    public static IEnumerable<string> All => Statements.Concat(Types);
}
