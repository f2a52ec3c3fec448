using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Explanations;

/// <summary>
/// A ground atom: a relation and one tuple of it, <c>Reach(A, D)</c>. Equal atoms are equal records, so that a
/// path of atoms can be a set (an immutable array alone compares by reference).
/// </summary>
public sealed record GroundAtom(TensorSymbol Relation, ImmutableArray<int> Tuple)
{
    public bool Equals(GroundAtom? other) => other is not null && Relation == other.Relation && Tuple.SequenceEqual(other.Tuple);

    public override int GetHashCode() => HashCode.Combine(Relation, Tuple.Aggregate(17, (h, v) => h * 31 + v));

    public override string ToString() =>
        $"{Relation.Name}({string.Join(", ", Tuple.Select((v, p) => Relation.Domains[p].Format(v)))})";
}

/// <summary>Why an atom holds.</summary>
public enum DerivationKind
{
    /// <summary>The program states it (a fact, a literal, a data file).</summary>
    Fact,

    /// <summary>A rule derived it from the atoms below it.</summary>
    Rule,

    /// <summary>An equation that is not a rule computed the relation (a comparison of reals, a threshold); shown, not unfolded.</summary>
    Computed,

    /// <summary>A negated body atom: it holds because the relation lacks the tuple.</summary>
    Absent,
}

/// <summary>
/// A derivation tree of minimal height: the atom, the rule instance that derived it (its equation), and the
/// derivations of the body atoms of that instance.
/// </summary>
public sealed record Derivation(GroundAtom Atom, DerivationKind Kind, IrEquation? Rule, ImmutableArray<Derivation> Body) : Justification;
