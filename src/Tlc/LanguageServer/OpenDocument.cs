using TensorLogic.Compiler;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// A document the editor has open, checked after every change exactly as <c>tlc check</c> checks a file: loaded
/// with its imports, then bound. The last program that bound is kept, so that hover and completion still know
/// the tensors while the user is in the middle of typing an error.
/// </summary>
internal sealed class OpenDocument(string uri)
{
    public string Uri { get; } = uri;

    /// <summary>The path the front end sees, so that relative imports and data files resolve beside the file.</summary>
    public string Path { get; } = FileUris.ToPath(uri);

    public int Version { get; private set; }

    public SourceText Source { get; private set; } = new("", FileUris.ToPath(uri));

    public CompilationResult? Checked { get; private set; }

    public BoundProgram? LastBound { get; private set; }

    public void Update(string text, int version)
    {
        Version = version;
        Source = new SourceText(text, Path);
        Checked = Compilation.Compile([Source], DataReaders.Default, ProgramLoader.DefaultSearchPath());
        LastBound = Checked.Bound ?? LastBound;
    }

    /// <summary>This document's own syntax tree (the loaded program also holds its imports').</summary>
    public CompilationUnit? Unit => Checked?.Program.Units.FirstOrDefault(u => ReferenceEquals(u.Source, Source));

    /// <summary>Every statement of the program with its imports expanded, module instances' names qualified.</summary>
    public IEnumerable<SourceStatement> Statements => Checked?.Program.Statements ?? [];
}
