namespace TensorLogic.Compiler.Semantics;

public enum DomainKind
{
    /// <summary>The values 0 .. Size-1.</summary>
    Integer,

    /// <summary>Named constants (<c>Alice</c>, <c>"New York"</c>), numbered in order of first appearance.</summary>
    Symbol,
}

/// <summary>
/// The set of values an index ranges over. Every tensor position and every index variable belongs to
/// exactly one domain; positions linked by a shared variable share it (unification).
/// </summary>
public sealed class Domain
{
    internal Domain(int id, string name, DomainKind kind, int size, SymbolTable symbols)
    {
        Id = id;
        Name = name;
        Kind = kind;
        Size = size;
        Symbols = symbols;
    }

    public int Id { get; }

    /// <summary>A declared name (<c>Person</c>) or the first position it was found at (<c>Parent.0</c>).</summary>
    public string Name { get; }

    public DomainKind Kind { get; }

    public int Size { get; }

    public SymbolTable Symbols { get; }

    /// <summary>How a value of this domain is shown to users: the symbol's name, or the integer.</summary>
    public string Format(int value) =>
        Kind == DomainKind.Symbol && value >= 0 && value < Symbols.Count ? Symbols[value] : value.ToString();

    public override string ToString() => $"{Name}({(Kind == DomainKind.Symbol ? "symbols" : "0..")}{Size})";
}

/// <summary>Symbols of one domain in order of first appearance; a symbol's number is its index here.</summary>
public sealed class SymbolTable
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public int Count => _names.Count;

    public string this[int id] => _names[id];

    public IReadOnlyList<string> Names => _names;

    public int Intern(string name)
    {
        if (_ids.TryGetValue(name, out var id))
            return id;
        id = _names.Count;
        _names.Add(name);
        _ids.Add(name, id);
        return id;
    }

    public bool TryGetId(string name, out int id) => _ids.TryGetValue(name, out id);
}
