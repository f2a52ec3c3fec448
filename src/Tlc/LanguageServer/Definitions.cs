using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>Which name a statement defines, as the binder reads it: a declaration, or the target of an equation, rule or fact.</summary>
internal static class Definitions
{
    public static Identifier? DeclaredName(Statement statement) =>
        statement is DeclarationStatement declaration ? declaration.Name : null;

    public static Identifier? DefinedName(Statement statement) => statement switch
    {
        EquationStatement equation => equation.Target.Name,
        LiteralStatement literal => literal.Target.Name,
        FileReadStatement read => read.Target.Name,
        RuleStatement rule => rule.Head.Name,
        FactStatement fact => fact.Fact.Name,
        _ => null,
    };

    /// <summary>The declaration of <paramref name="name"/>, else its first defining statement, in the loaded program.</summary>
    public static (SourceStatement Statement, Identifier Name)? Find(IEnumerable<SourceStatement> statements, string name)
    {
        var all = statements.ToList();
        foreach (var pick in new Func<Statement, Identifier?>[] { DeclaredName, DefinedName })
        {
            foreach (var statement in all)
            {
                if (pick(statement.Statement) is { } identifier && identifier.Text == name)
                    return (statement, identifier);
            }
        }
        return null;
    }

    /// <summary>Every name the program declares or defines, imports included.</summary>
    public static IEnumerable<string> Names(IEnumerable<SourceStatement> statements) =>
        statements.Select(s => DeclaredName(s.Statement) ?? DefinedName(s.Statement)).OfType<Identifier>().Select(i => i.Text);
}
