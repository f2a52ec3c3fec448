using Antlr4.Runtime;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Generated;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Syntax.Parsing;

/// <summary>The result of parsing one source: its tree, and whether it ended inside an open construct.</summary>
public sealed record ParseResult(CompilationUnit Unit, bool EndedIncomplete);

/// <summary>Parses Tensor Logic source into an immutable <see cref="CompilationUnit"/>.</summary>
public static class SyntaxParser
{
    /// <summary>
    /// Parses <paramref name="source"/>, reporting syntax errors to <paramref name="diagnostics"/>. Statements
    /// with errors are left out of the tree; the others are kept, so later stages can report their own errors.
    /// </summary>
    public static CompilationUnit Parse(SourceText source, DiagnosticBag diagnostics) =>
        ParseWithStatus(source, diagnostics).Unit;

    public static ParseResult ParseWithStatus(SourceText source, DiagnosticBag diagnostics)
    {
        var lexer = new TensorLogicLexer(new AntlrInputStream(source.Text));
        lexer.RemoveErrorListeners();
        var filter = new TokenFilter(lexer, source, diagnostics);
        var parser = new TensorLogicParser(new CommonTokenStream(filter))
        {
            ErrorHandler = new SyntaxErrorStrategy(source, diagnostics, filter),
        };
        parser.RemoveErrorListeners();
        var program = parser.program();
        var unit = new SyntaxBuilder(source, diagnostics).BuildProgram(program);
        return new ParseResult(unit, filter.EndedIncomplete);
    }
}
