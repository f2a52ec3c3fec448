using System.Text.Json.Nodes;
using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Tlc.LanguageServer;

/// <summary>
/// <c>textDocument/definition</c>: a tensor's name goes to its declaration, or else to the first statement that
/// defines it, in this file or in an imported module (the loader has already qualified instance names, so
/// <c>enc.Hidden</c> is found in std/nn.tl); an import's path goes to the module file the loader would read.
/// </summary>
internal static class DefinitionProvider
{
    public static JsonNode? Definition(OpenDocument document, (int Line, int Character) position)
    {
        var offset = LspRanges.Offset(document.Source, position);
        if (ImportAt(document, offset) is { } import)
            return ModuleFile(document, import);
        if (NameAtPosition.Find(document.Source.Text, offset) is not var (name, _))
            return null;
        if (Definitions.Find(document.Statements, name) is var (statement, identifier))
            return LspRanges.Location(statement.Source, identifier.Span);
        return null;
    }

    private static ImportStatement? ImportAt(OpenDocument document, int offset) =>
        document.Unit?.Statements.OfType<ImportStatement>()
            .FirstOrDefault(i => offset >= i.Path.Span.Start && offset <= i.Path.Span.End);

    private static JsonNode? ModuleFile(OpenDocument document, ImportStatement import)
    {
        if (ProgramLoader.ResolveImport(import.Path.Value, document.Path) is not { } path)
            return null;
        var start = new SourceText("", path);
        return LspRanges.Location(start, default);
    }
}
