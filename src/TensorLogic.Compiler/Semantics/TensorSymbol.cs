using System.Collections.Immutable;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// A tensor of the program with everything the checker inferred about it: element type, rank, the
/// domain of each position, and whether it is a named constant or has a virtual (loop) index.
/// </summary>
public sealed class TensorSymbol
{
    internal TensorSymbol(string name, SourceLocation location)
    {
        Name = name;
        Location = location;
    }

    public string Name { get; }

    /// <summary>Where the tensor first appears.</summary>
    public SourceLocation Location { get; }

    public ElementType Type { get; internal set; }

    public ImmutableArray<Domain> Domains { get; internal set; } = [];

    public int Rank => Domains.Length;

    public ImmutableArray<int> Shape => [.. Domains.Select(d => d.Size)];

    public bool IsBoolean => Type == ElementType.Boolean;

    /// <summary>The value of a named scalar constant (<c>S = 2</c>), known while checking.</summary>
    public double? ConstantValue { get; internal set; }

    /// <summary>
    /// The written position of the virtual index (<c>X[i, *t+1]</c> has it at 1), or -1. A virtual
    /// position takes no storage: the tensor's rank counts only the other positions.
    /// </summary>
    public int VirtualPosition { get; internal set; } = -1;

    public bool IsDeclared { get; internal set; }

    /// <summary>
    /// How the tensor's data and its equations' contributions combine at a cell: summed, unless an equation
    /// aggregates with <c>min=</c> or <c>max=</c>, in which case everything combines with that operator and
    /// a cell nothing reaches holds its identity (+∞ for min, −∞ for max), as in a tropical semiring:
    /// <c>Dist[0] = 0</c>, <c>Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)</c> is single-source shortest paths.
    /// </summary>
    public Aggregation Combination { get; internal set; } = Aggregation.Sum;

    /// <summary>
    /// A tensor made by a later stage with this one's type and domains: the delta relation of semi-naive
    /// evaluation, a gradient, a temporary of the IR.
    /// </summary>
    public static TensorSymbol Derived(TensorSymbol source, string name) => new(name, source.Location)
    {
        Type = source.Type,
        Domains = source.Domains,
        IsSynthesized = true,
    };

    /// <summary>A tensor introduced by an optimization pass (<c>$cse0</c>), with its type and domains.</summary>
    public static TensorSymbol Synthesized(string name, ElementType type, ImmutableArray<Domain> domains, SourceLocation location) =>
        new(name, location) { Type = type, Domains = domains, IsSynthesized = true };

    /// <summary>An intermediate of a kernel (<c>$t0</c>); its shape is given by the operand that uses it.</summary>
    public static TensorSymbol Temporary(string name) => new(name, default) { Type = ElementType.Real, IsTemporary = true };

    /// <summary>
    /// True for tensors a later stage made (<c>$cse0</c>, <c>$window0</c>, <c>ΔAncestor</c>): they have no data,
    /// are not in the program's store, and start empty.
    /// </summary>
    public bool IsSynthesized { get; private init; }

    /// <summary>True for the intermediates a contraction plan introduces; their buffers belong to the kernel.</summary>
    public bool IsTemporary { get; private init; }

    public override string ToString() => Name;
}
