using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Syntax.Tree;

/// <summary>One parsed file or REPL submission: its statements in source order.</summary>
public sealed record CompilationUnit(SourceText Source, ImmutableArray<Statement> Statements, TextSpan Span)
    : SyntaxNode(Span);
