using System.Collections.Immutable;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

/// <summary>A statement with the source it came from (the program file or an imported module).</summary>
public sealed record SourceStatement(Statement Statement, SourceText Source)
{
    public SourceLocation Location => new(Source, Statement.Span);
}

/// <summary>A program with its imports expanded in place: every statement in evaluation order.</summary>
public sealed record LoadedProgram(ImmutableArray<SourceStatement> Statements, ImmutableArray<CompilationUnit> Units);
