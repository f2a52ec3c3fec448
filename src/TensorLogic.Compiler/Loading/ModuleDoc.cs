using System.Collections.Immutable;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

public enum DocKind
{
    /// <summary>A tensor the importer provides: <c>input X</c>.</summary>
    Input,

    /// <summary>A number the importer may set: <c>param Hidden=16</c>.</summary>
    Parameter,

    /// <summary>A tensor the module defines or declares.</summary>
    Tensor,
}

/// <summary>
/// One name of a module as its author documented it (<see cref="Text"/> is null when there is no <c>///</c>
/// comment). <see cref="Name"/> is the name inside the module (<c>Mlp</c>, not <c>enc.Mlp</c>);
/// <see cref="Declaration"/> is its declaration as <c>tlc fmt</c> prints it, and <see cref="Default"/> a
/// parameter's default, when there is one.
/// </summary>
public sealed record TensorDoc(string Name, DocKind Kind, string? Text, SourceLocation Location)
{
    public string? Declaration { get; init; }

    public string? Default { get; init; }
}

/// <summary>The documentation of one file: its own (the first <c>///</c> block) and that of each of its names, in order.</summary>
public sealed record ModuleDoc(string Path, string? Summary, ImmutableArray<TensorDoc> Names)
{
    public TensorDoc? Find(string name) => Names.FirstOrDefault(n => n.Name == name);

    /// <summary>Reads the <c>///</c> comments of a parsed file (see <see cref="DocComments"/>).</summary>
    public static ModuleDoc Collect(CompilationUnit unit)
    {
        var source = unit.Source;
        var firstStatement = unit.Statements.IsEmpty ? source.Text.Length : unit.Statements[0].Span.Start;
        var names = new List<TensorDoc>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var statement in unit.Statements)
        {
            var text = DocComments.Above(source, statement.Span.Start);
            foreach (var (name, kind, declaration, defaultValue) in NamesOf(statement))
            {
                var doc = new TensorDoc(name.Text, kind, text, new SourceLocation(source, name.Span))
                {
                    Declaration = declaration,
                    Default = defaultValue,
                };
                if (!index.TryGetValue(name.Text, out var k))
                {
                    index.Add(name.Text, names.Count);
                    names.Add(doc);
                    continue;
                }
                // A name is documented once, wherever its author chose; its declaration is kept too.
                var known = names[k];
                names[k] = known with
                {
                    Text = known.Text ?? doc.Text,
                    Declaration = known.Declaration ?? doc.Declaration,
                };
            }
        }
        return new ModuleDoc(source.Path, DocComments.Leading(source, firstStatement), [.. names]);
    }

    /// <summary>What a statement names, each with what its documentation shows besides the comment.</summary>
    private static IEnumerable<(Identifier Name, DocKind Kind, string? Declaration, string? Default)> NamesOf(Statement statement) =>
        statement switch
        {
            InputStatement input => input.Tensors.Select(n => (n, DocKind.Input, (string?)null, (string?)null)),
            ParamStatement param => param.Parameters.Select(p => (p.Name, DocKind.Parameter, (string?)null, p.Default?.Text)),
            DeclarationStatement declaration => [(declaration.Name, DocKind.Tensor, Formatter.Format(declaration), null)],
            _ => ModuleInterface.Defined(statement).Where(n => !n.IsQualified).Select(n => (n, DocKind.Tensor, (string?)null, (string?)null)),
        };
}
