using System.Collections.Immutable;
using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// The training examples: the domain that numbers them (the example index) and the data tensors whose
/// first position ranges over it. A minibatch is those tensors' rows for some example ids; the program is
/// compiled once per batch size with its example domain that large (<see cref="Reader"/>), and each step
/// places the batch's rows in it.
/// </summary>
public sealed class ExampleSet
{
    private readonly Dictionary<string, (double[] Values, int RowSize)> _rows = [];

    private ExampleSet(Domain domain, ImmutableArray<TensorSymbol> tensors, IReadOnlySet<string> files)
    {
        Domain = domain;
        Tensors = tensors;
        Files = files;
    }

    public Domain Domain { get; }

    public int Count => Domain.Size;

    /// <summary>The data tensors indexed by example first.</summary>
    public ImmutableArray<TensorSymbol> Tensors { get; }

    /// <summary>The full paths of the files they are read from.</summary>
    public IReadOnlySet<string> Files { get; }

    /// <summary>
    /// The examples of a program: the domain of the index variable named <paramref name="index"/> (the
    /// <c>examples=</c> setting), else the one domain that every real data file's first position shares. Null
    /// when there is none, and the program trains on all its data at every step.
    /// </summary>
    public static ExampleSet? Find(BoundProgram program, LoadedProgram loaded, TensorSymbol loss, string? index, SourceLocation at, DiagnosticBag diagnostics)
    {
        var cone = DependencyCone.Of(program, [loss]);
        Domain? domain;
        if (index is not null)
        {
            domain = program.Equations.Where(e => cone.Contains(e.Target.Tensor))
                .SelectMany(e => e.Variables).FirstOrDefault(v => v.Name == index)?.Domain;
            if (domain is null)
            {
                diagnostics.Report(Catalog.InvalidSettingValue, at, $"examples={index}: no equation the loss depends on has an index '{index}'",
                    "name the index that runs over the training examples, as in Loss = (Y[e] - O[e])^2 with examples=e");
                return null;
            }
        }
        else if (SharedFirstDomain(program, loss, fromFiles: true) is { } shared)
            domain = shared;
        else
            return null;
        var tensors = program.Data.Select(d => d.Tensor).Distinct().Where(t => t.Rank > 0 && t.Domains[0] == domain).ToImmutableArray();
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            var statement = loaded.Statements.FirstOrDefault(s => s.Statement is FileReadStatement r && r.Target.Name.Text == tensor.Name);
            if (statement?.Statement is not FileReadStatement read)
            {
                diagnostics.Report(Catalog.InvalidSettingValue, at, $"training in batches needs the examples in files, but '{tensor.Name}' is written in the program",
                    "read it from a .npy or .csv file, or train on every example at each step (batch=0, no validate=)");
                return null;
            }
            files.Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(statement.Source.Path) ?? ".", read.Path.Value)));
        }
        return new ExampleSet(domain, tensors, files);
    }

    /// <summary>The one domain that the first position of every real data tensor the loss depends on shares (of those read from files), or null.</summary>
    public static Domain? SharedFirstDomain(BoundProgram program, TensorSymbol loss, bool fromFiles)
    {
        var cone = DependencyCone.Of(program, [loss]);
        var firsts = program.Data.Where(d => (d.FromFile || !fromFiles) && cone.Contains(d.Tensor) && !d.Tensor.IsBoolean && d.Tensor.Rank > 0)
            .Select(d => d.Tensor.Domains[0]).Distinct().ToList();
        return firsts.Count == 1 ? firsts[0] : null;
    }

    /// <summary>Keeps the full data of the example tensors, to cut batches from.</summary>
    public void Load(Func<TensorSymbol, TensorValue> data)
    {
        foreach (var tensor in Tensors)
        {
            var dense = data(tensor).ToDouble();
            var rowSize = tensor.Shape.Skip(1).Aggregate(1, (a, s) => a * s);
            _rows[tensor.Name] = (dense.Data, rowSize);
        }
    }

    /// <summary>The rows of <paramref name="examples"/>, in that order, as a tensor with that many rows.</summary>
    public DenseTensor<double> Rows(TensorSymbol tensor, int[] examples)
    {
        var (values, rowSize) = _rows[tensor.Name];
        var batch = new double[examples.Length * rowSize];
        for (var i = 0; i < examples.Length; i++)
            Array.Copy(values, (long)examples[i] * rowSize, batch, (long)i * rowSize, rowSize);
        return new DenseTensor<double>([examples.Length, .. tensor.Shape.Skip(1)], batch);
    }

    /// <summary>A data reader that gives the example files <paramref name="count"/> rows, so the example domain has that size.</summary>
    public IDataReader Reader(IDataReader inner, int count) => new Truncating(inner, Files, count);

    /// <summary>A data reader that reads the example files from <paramref name="folder"/> instead (same file names): held-out examples.</summary>
    public IDataReader Redirected(IDataReader inner, string folder) => new Redirecting(inner, Files, folder);

    private sealed class Redirecting(IDataReader inner, IReadOnlySet<string> files, string folder) : IDataReader
    {
        public DataContent? Read(string path, SourceLocation at, DiagnosticBag diagnostics) =>
            inner.Read(files.Contains(Path.GetFullPath(path)) ? Path.Combine(folder, Path.GetFileName(path)) : path, at, diagnostics);
    }

    private sealed class Truncating(IDataReader inner, IReadOnlySet<string> files, int count) : IDataReader
    {
        public DataContent? Read(string path, SourceLocation at, DiagnosticBag diagnostics)
        {
            var content = inner.Read(path, at, diagnostics);
            if (!files.Contains(Path.GetFullPath(path)))
                return content;
            switch (content)
            {
                case DenseContent { Shape.IsEmpty: false } dense:
                    var rowSize = dense.Shape.Skip(1).Aggregate(1, (a, s) => a * s);
                    return dense with { Shape = [count, .. dense.Shape.Skip(1)], Values = dense.Values[..(count * rowSize)], Singles = null };
                case TableContent { RowCount: > 0 } table:
                    // A table's first column is the example number: the rows of the first examples.
                    var examples = table.Columns[0];
                    var kept = Enumerable.Range(0, table.RowCount)
                        .Where(r => examples.Kind(r) == CellKind.Integer && examples.Integer(r) < count).ToList();
                    return table.Select(kept);
                default:
                    return content;
            }
        }
    }
}
