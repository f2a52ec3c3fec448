using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// A union-find element standing for the domain of one tensor position or one equation variable. The
/// evidence about a domain (sizes, symbols, integer constants) is merged at the root, so that when the
/// checker is done each class knows everything that was said about it anywhere in the program.
/// </summary>
internal sealed class DomainNode(string label, SourceLocation location)
{
    private DomainNode? _parent;
    private int _rank;
    private readonly List<(long Order, string Text, SourceLocation Location)> _dataIntegers = [];
    private readonly List<Func<IEnumerable<(long Order, string Text, SourceLocation Location)>>> _deferredDataIntegers = [];

    public string Label { get; } = label;
    public SourceLocation Location { get; } = location;

    /// <summary>Set on the node of an equation variable, for messages ("the size of index 'x'").</summary>
    public string? VariableName { get; init; }

    /// <summary>Set on the node of a tensor position, e.g. <c>Parent.0</c>; names the domain if nothing else does.</summary>
    public string? PositionLabel { get; init; }

    // Evidence, valid on roots only.
    public int? HardSize { get; private set; }
    public string? HardSizeSource { get; private set; }
    public SourceLocation? HardSizeLocation { get; private set; }
    public long MaxInteger { get; private set; } = -1;
    public SourceLocation? MaxIntegerLocation { get; private set; }
    public List<(long Order, string Name, SourceLocation Location)> Symbols { get; private set; } = [];
    public SourceLocation? IntegerUse { get; private set; }
    /// <summary>
    /// The integer fields of data files, each with its text: names, should the domain turn out to hold symbols.
    /// Only such a domain reads them, so they are made from their files on first use.
    /// </summary>
    public List<(long Order, string Text, SourceLocation Location)> DataIntegers
    {
        get
        {
            foreach (var fields in _deferredDataIntegers)
                _dataIntegers.AddRange(fields());
            _deferredDataIntegers.Clear();
            return _dataIntegers;
        }
    }
    public string? FirstVariableName { get; private set; }
    public string? FirstPositionLabel { get; private set; }
    public string? DeclaredName { get; private set; }
    public int? DerivedSize { get; set; }

    /// <summary>The finished domain, set once all evidence is in.</summary>
    public Domain? Domain { get; set; }

    public DomainNode Find()
    {
        var node = this;
        while (node._parent is not null)
            node = node._parent;
        // Path compression keeps later finds cheap.
        var current = this;
        while (current._parent is not null && current._parent != node)
        {
            var next = current._parent;
            current._parent = node;
            current = next;
        }
        return node;
    }

    /// <summary>Merges two classes; reports conflicting sizes at <paramref name="where"/>, naming <paramref name="variable"/> when given.</summary>
    public static void Union(DomainNode a, DomainNode b, DiagnosticBag diagnostics, SourceLocation where, string? variable)
    {
        var rootA = a.Find();
        var rootB = b.Find();
        if (rootA == rootB)
            return;
        if (rootA.HardSize is { } sizeA && rootB.HardSize is { } sizeB && sizeA != sizeB)
        {
            var subject = variable is null ? "these positions" : $"index '{variable}'";
            diagnostics.Report(Catalog.SizeMismatch, where,
                $"{subject} has size {sizeA} in {rootA.HardSizeSource} but {sizeB} in {rootB.HardSizeSource}",
                null,
                [.. Notes(rootA), .. Notes(rootB)]);
        }
        if (rootA._rank < rootB._rank)
            (rootA, rootB) = (rootB, rootA);
        rootB._parent = rootA;
        if (rootA._rank == rootB._rank)
            rootA._rank++;
        rootA.Absorb(rootB);
    }

    private static IEnumerable<DiagnosticNote> Notes(DomainNode root) =>
        root.HardSizeLocation is { } location ? [new DiagnosticNote(location, $"size {root.HardSize} comes from {root.HardSizeSource}")] : [];

    private void Absorb(DomainNode other)
    {
        if (HardSize is null && other.HardSize is not null)
        {
            HardSize = other.HardSize;
            HardSizeSource = other.HardSizeSource;
            HardSizeLocation = other.HardSizeLocation;
        }
        if (other.MaxInteger > MaxInteger)
        {
            MaxInteger = other.MaxInteger;
            MaxIntegerLocation = other.MaxIntegerLocation;
        }
        Symbols.AddRange(other.Symbols);
        _dataIntegers.AddRange(other._dataIntegers);
        _deferredDataIntegers.AddRange(other._deferredDataIntegers);
        FirstVariableName ??= other.FirstVariableName ?? other.VariableName;
        FirstPositionLabel ??= other.FirstPositionLabel ?? other.PositionLabel;
        IntegerUse ??= other.IntegerUse;
        DeclaredName ??= other.DeclaredName;
        if (other.DerivedSize > (DerivedSize ?? -1))
            DerivedSize = other.DerivedSize;
    }

    public void SetHardSize(int size, string source, SourceLocation location, DiagnosticBag diagnostics)
    {
        var root = Find();
        if (root.HardSize is { } existing && existing != size)
        {
            diagnostics.Report(Catalog.SizeMismatch, location,
                $"{source} gives size {size} to a domain that has size {existing} in {root.HardSizeSource}",
                null,
                [.. Notes(root)]);
            return;
        }
        root.HardSize ??= size;
        root.HardSizeSource ??= source;
        root.HardSizeLocation ??= location;
    }

    public void AddInteger(long value, SourceLocation location)
    {
        var root = Find();
        root.IntegerUse ??= location;
        if (value > root.MaxInteger)
        {
            root.MaxInteger = value;
            root.MaxIntegerLocation = location;
        }
    }

    /// <summary>
    /// The integer fields of a data file's column: numbers, unless the domain turns out to hold symbols. The
    /// largest counts now (with where it first appears); the fields themselves are listed only if needed.
    /// </summary>
    public void AddDataIntegers(long max, SourceLocation maxLocation, Func<IEnumerable<(long Order, string Text, SourceLocation Location)>> fields)
    {
        var root = Find();
        root._deferredDataIntegers.Add(fields);
        if (max > root.MaxInteger)
        {
            root.MaxInteger = max;
            root.MaxIntegerLocation = maxLocation;
        }
    }

    public bool HasSizeEvidence
    {
        get
        {
            var root = Find();
            return root.HardSize is not null || root.Symbols.Count > 0 || root.MaxInteger >= 0 || root.DerivedSize is not null;
        }
    }

    public string DisplayName
    {
        get
        {
            var root = Find();
            return root.DeclaredName ?? root.FirstPositionLabel ?? root.PositionLabel ?? root.FirstVariableName ?? root.VariableName ?? root.Label;
        }
    }

    public void AddSymbol(long order, string name, SourceLocation location) => Find().Symbols.Add((order, name, location));

    public void SetDeclaredName(string name) => Find().DeclaredName ??= name;
}
