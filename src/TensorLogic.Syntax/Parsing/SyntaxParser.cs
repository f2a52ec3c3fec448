using System.Runtime.CompilerServices;
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
    /// Starts deserializing the grammar (the lexer's and parser's ATNs, built by their static constructors: some
    /// 20-30 ms of a process's start) on a background thread, so that a process about to parse does it while it
    /// still sets up its command line and reads its input, on the other core. The first parse waits for whatever
    /// is unfinished (the runtime runs a static constructor once, and other threads wait for it); calling this is
    /// never required.
    /// </summary>
    public static void PrepareInBackground() =>
        new Thread(() =>
        {
            try
            {
                RuntimeHelpers.RunClassConstructor(typeof(TensorLogicLexer).TypeHandle);
                RuntimeHelpers.RunClassConstructor(typeof(TensorLogicParser).TypeHandle);
            }
            catch (TypeInitializationException)
            {
                // Left to the parse that needs the grammar, which meets the same exception where it is reported;
                // here, unhandled, it would end the process before that.
            }
        })
        { IsBackground = true, Name = "TensorLogic grammar" }.Start();

    /// <summary>
    /// Parses <paramref name="source"/>, reporting syntax errors to <paramref name="diagnostics"/>. Statements
    /// with errors are left out of the tree; the others are kept, so later stages can report their own errors.
    /// </summary>
    public static CompilationUnit Parse(SourceText source, DiagnosticBag diagnostics) =>
        ParseWithStatus(source, diagnostics).Unit;

    public static ParseResult ParseWithStatus(SourceText source, DiagnosticBag diagnostics) =>
        ParseWithStatus(source, diagnostics, explainLineJoins: true);

    /// <param name="explainLineJoins">
    /// False when only whether the text parses matters (<see cref="LineJoins"/> asking about the rest of a
    /// statement): an error is then left where the parser met it. Explaining it would parse the rest after a
    /// join again, and inside that parse the rest after the next join, which on many lines ending in '=' grows
    /// exponentially.
    /// </param>
    internal static ParseResult ParseWithStatus(SourceText source, DiagnosticBag diagnostics, bool explainLineJoins)
    {
        var lexer = new TensorLogicLexer(new AntlrInputStream(source.Text));
        lexer.RemoveErrorListeners();
        var filter = new TokenFilter(lexer, source, diagnostics, explainLineJoins);
        var tokens = new CommonTokenStream(filter);
        var parser = new TensorLogicParser(tokens)
        {
            ErrorHandler = new SyntaxErrorStrategy(source, diagnostics, filter),
        };
        parser.RemoveErrorListeners();
        // Lexing everything first lets the gauge see the whole input before the parser recurses into it.
        tokens.Fill();
        if (filter.Nesting.FirstTooDeep is { } deep)
            return TooDeep(source, deep, diagnostics, filter.EndedIncomplete);
        // After an error between statements the start rule returns early (see SyntaxErrorStrategy.Recover),
        // so it is run again on the rest of the input until the end is reached.
        var programs = new List<TensorLogicParser.ProgramContext>();
        do
        {
            var start = tokens.Index;
            programs.Add(parser.program());
            if (tokens.Index == start && tokens.LA(1) != TokenConstants.EOF)
                tokens.Consume();
        }
        while (tokens.LA(1) != TokenConstants.EOF);
        var unit = new SyntaxBuilder(source, diagnostics).BuildProgram(programs);
        return new ParseResult(unit, filter.EndedIncomplete);
    }

    /// <summary>
    /// Input the parser cannot take without risking a stack overflow has no tree at all: one diagnostic where
    /// the limit was passed, and an empty program, so that no later stage reports errors about what is missing.
    /// </summary>
    private static ParseResult TooDeep(SourceText source, IToken token, DiagnosticBag diagnostics, bool endedIncomplete)
    {
        var span = TextSpan.FromBounds(token.StartIndex, token.StopIndex + 1);
        diagnostics.Report(Catalog.NestedTooDeep, new SourceLocation(source, span),
            $"expression nested deeper than {NestingLimits.MaxParserNesting} levels (brackets, prefix minus signs and '^' each add one)",
            "split it into several equations");
        var unit = new CompilationUnit(source, [], new TextSpan(0, source.Text.Length));
        return new ParseResult(unit, endedIncomplete);
    }
}
