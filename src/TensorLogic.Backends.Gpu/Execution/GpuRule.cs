using System.Collections.Immutable;
using TensorLogic.Backends.Gpu.Relational;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// A plain Datalog rule as device joins: each term (<c>Reach(x, z) &lt;- Reach(x, y), E(y, z)</c>) is a chain of
/// binary joins on the variables its atoms share, each keeping the variables still needed, the last one
/// writing the head's columns in the head's order; the terms' results are united. A one-atom term (a copy or
/// a permutation) is re-packed on the host.
/// </summary>
internal sealed class GpuRule
{
    /// <summary>One atom: the relation and its variables, by column.</summary>
    private sealed record Atom(TensorSymbol Relation, ImmutableArray<IrIndex> Variables);

    /// <summary>A join of the running result (left) with an atom (right).</summary>
    private sealed record JoinStep(Atom Right, int[] LeftColumns, int[] RightColumns, HeadColumn[] Head, ImmutableArray<IrIndex> Variables);

    private sealed record Term(Atom First, IReadOnlyList<JoinStep> Joins, ImmutableArray<IrIndex> Head);

    private readonly IReadOnlyList<Term> _terms;

    private GpuRule(TensorSymbol target, IReadOnlyList<Term> terms)
    {
        Target = target;
        _terms = terms;
    }

    public TensorSymbol Target { get; }

    /// <summary>Each term's joins, for <c>--emit kernels</c>: <c>Reach[x,y] ⋈y Edge[y,z] -> [x,z]</c>.</summary>
    public IEnumerable<string> Description => _terms.Select(term =>
    {
        var text = $"{term.First.Relation.Name}[{string.Join(",", term.First.Variables)}]";
        if (term.Joins.Count == 0)
            return $"{Target.Name}[{string.Join(",", term.Head)}] <- {text}: re-packed on the host";
        var current = term.First.Variables;
        foreach (var join in term.Joins)
        {
            var on = string.Join(",", join.LeftColumns.Select(c => current[c].Name));
            text += $" join({on}) {join.Right.Relation.Name}[{string.Join(",", join.Right.Variables)}] -> [{string.Join(",", join.Variables)}]";
            current = join.Variables;
        }
        return $"{Target.Name} <- {text}";
    });

    /// <summary>Every relation the rule reads.</summary>
    public IEnumerable<TensorSymbol> Reads => _terms.SelectMany(t => t.Joins.Select(j => j.Right.Relation).Prepend(t.First.Relation)).Distinct();

    /// <summary>The rule's joins, or the reason it is not a plain positive rule over relations.</summary>
    public static (GpuRule? Rule, string? Reason) Compile(IrEquation equation)
    {
        if (!equation.Target.IsBoolean || equation.Finish is not null)
            return (null, "an equation with an outer function");
        var terms = new List<Term>();
        foreach (var term in equation.Terms)
        {
            if (term is not ContractionTerm { Sign: > 0, IsMasked: false } contraction)
                return (null, "a rule with negation, comparisons, arithmetic or a subtracted term");
            if (contraction.Inputs.Any(i => !i.IsSparse || i.Indices.Distinct().Count() != i.Indices.Length))
                return (null, "a rule reading a real tensor, or a variable twice in one atom");
            var atoms = contraction.Inputs.Select(i => new Atom(i.Tensor, i.Indices)).ToList();
            var head = contraction.Output.Indices;
            if (atoms.Count == 0 || head.Any(v => !atoms.Any(a => a.Variables.Contains(v))))
                return (null, "a rule with a head variable no atom binds");
            var joins = new List<JoinStep>();
            var current = atoms[0].Variables;
            for (var a = 1; a < atoms.Count; a++)
            {
                var right = atoms[a];
                var shared = current.Where(right.Variables.Contains).ToList();
                if (shared.Count == 0)
                    return (null, "a rule whose atoms share no variable (a cross product)");
                var needed = atoms.Skip(a + 1).SelectMany(x => x.Variables).Concat(head).ToHashSet();
                ImmutableArray<IrIndex> kept = a == atoms.Count - 1
                    ? head
                    : [.. current.Concat(right.Variables).Distinct().Where(needed.Contains)];
                var columns = kept.Select(v => current.IndexOf(v) is var l and >= 0 ? HeadColumn.Left(l) : HeadColumn.Right(right.Variables.IndexOf(v))).ToArray();
                joins.Add(new JoinStep(right, [.. shared.Select(v => current.IndexOf(v))], [.. shared.Select(v => right.Variables.IndexOf(v))], columns, kept));
                current = kept;
            }
            terms.Add(new Term(atoms[0], joins, head));
        }
        return (new GpuRule(equation.Target, terms), null);
    }

    /// <summary>
    /// The head tuples the rule derives from the relations <paramref name="relationOf"/> gives (which it does
    /// not dispose); <paramref name="indexOf"/> gives a relation's join index by columns, and whether the caller
    /// keeps it (a relation that does not change between rounds is indexed once).
    /// </summary>
    public DeviceRelation Derive(DeviceRelations device, Func<TensorSymbol, DeviceRelation> relationOf,
        Func<TensorSymbol, int[], (JoinIndex Index, bool Kept)> indexOf)
    {
        DeviceRelation? derived = null;
        foreach (var term in _terms)
            derived = device.Accumulate(derived, term.Joins.Count == 0 ? Repack(device, relationOf(term.First.Relation), term) : Join(device, relationOf, indexOf, term));
        return derived!;
    }

    private static DeviceRelation Join(DeviceRelations device, Func<TensorSymbol, DeviceRelation> relationOf,
        Func<TensorSymbol, int[], (JoinIndex Index, bool Kept)> indexOf, Term term)
    {
        var current = relationOf(term.First.Relation);
        var owned = false;
        foreach (var join in term.Joins)
        {
            var (index, kept) = indexOf(join.Right.Relation, join.RightColumns);
            var next = device.Join(current, join.LeftColumns, index, join.Head);
            if (!kept)
                index.Dispose();
            if (owned)
                current.Dispose();
            current = next;
            owned = true;
        }
        return current;
    }

    /// <summary>A one-atom term: the atom's tuples with the head's columns, re-packed on the host.</summary>
    private static DeviceRelation Repack(DeviceRelations device, DeviceRelation atom, Term term)
    {
        var columns = term.Head.Select(v => term.First.Variables.IndexOf(v)).ToArray();
        var shape = new RelationShape([.. term.Head.Select(v => v.Size)]);
        return device.Upload(shape, atom.ToTuples().Select(tuple => columns.Select(c => tuple[c]).ToArray()));
    }
}
