using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// Pass 3: data files are read while checking, because their symbols and shapes take part in inference.
public sealed partial class Binder
{
    private readonly Dictionary<Statement, DataContent> _fileContents = new(ReferenceEqualityComparer.Instance);

    /// <summary>A path as written in a statement, resolved against the folder of the file that holds it.</summary>
    internal static string ResolvePath(string path, SourceStatement statement)
    {
        if (Path.IsPathRooted(path))
            return path;
        var folder = Path.GetDirectoryName(statement.Source.Path);
        return string.IsNullOrEmpty(folder) ? path : Path.Combine(folder, path);
    }

    private void ReadDataFiles()
    {
        foreach (var statement in _program.Statements)
        {
            if (statement.Statement is not FileReadStatement read || Find(read.Target.Name.Text) is not { } info)
                continue;
            var location = At(statement, read);
            if (_reader is null)
            {
                _diagnostics.Report(Catalog.CannotReadInput, location, $"data file '{read.Path.Value}' cannot be read here",
                    "this compilation has no data reader");
                continue;
            }
            var content = _reader.Read(ResolvePath(read.Path.Value, statement), At(statement, read.Path), _diagnostics);
            if (content is null)
                continue;
            _fileContents[read] = content;
            var rank = FileRank(content, info);
            if (rank < 0)
                continue;
            if (info.Rank >= 0 && info.Rank != rank && content is TableContent table)
            {
                var columns = table.ColumnCount;
                var need = info.Symbol.IsBoolean ? $"{info.Rank} columns (one per index)" : $"{info.Rank + 1} columns (the indices, then the value)";
                _diagnostics.Report(Catalog.DataShapeMismatch, location,
                    $"'{read.Path.Value}' has {columns} columns, but the {(info.Symbol.IsBoolean ? "Boolean" : "real")} tensor '{info.Name}' of rank {info.Rank} needs {need}",
                    SeparatedBySpaces(table, columns, info.Symbol.IsBoolean ? info.Rank : info.Rank + 1)
                        ? "the fields of a .tsv file are separated by tabs only, and this file has no tab: its lines are read as one field each"
                        : info.Symbol.IsBoolean ? null : $"if every line is a fact, make '{info.Name}' Boolean: write {info.Name}(...) or declare it bool",
                    new DiagnosticNote(info.RankLocation!.Value, $"'{info.Name}' has rank {info.Rank} here"));
                continue;
            }
            RegisterRank(info, rank, -1, location);
        }
    }

    /// <summary>A .tsv file written with spaces: too few columns, and not one tab in the whole file.</summary>
    private static bool SeparatedBySpaces(TableContent table, int columns, int needed) =>
        table.Path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) && columns < needed && !table.Source.Text.Contains('\t');

    /// <summary>The rank a file gives its tensor, or -1 when it cannot tell (an empty table).</summary>
    private static int FileRank(DataContent content, TensorInfo info) => content switch
    {
        DenseContent dense => dense.Shape.Length,
        WordsContent => 2,
        TableContent { RowCount: 0 } => info.Rank,
        TableContent table => info.Symbol.IsBoolean ? table.ColumnCount : table.ColumnCount - 1,
        _ => -1,
    };
}
