using System.Collections.Immutable;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

/// <summary>A statement with the source it came from (the program file or an imported module).</summary>
public sealed record SourceStatement(Statement Statement, SourceText Source)
{
    public SourceLocation Location => new(Source, Statement.Span);

    /// <summary>
    /// True for a statement of a module instance (a module imported with a name, or one with inputs or
    /// parameters): a library, whose tensors an importer need not all use.
    /// </summary>
    public bool FromModule { get; init; }
}

/// <summary>
/// A program with its imports expanded in place: every statement in evaluation order, with the names of
/// module instances already qualified (<c>enc.Hidden</c>), every parsed file once, and their documentation.
/// </summary>
public sealed record LoadedProgram(ImmutableArray<SourceStatement> Statements, ImmutableArray<CompilationUnit> Units)
{
    public ProgramDocs Docs { get; init; } = ProgramDocs.Empty;
}
