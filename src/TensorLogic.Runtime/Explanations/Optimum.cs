using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Explanations;

/// <summary>A cell of a real tensor: <c>Dist[C]</c>. Equal cells are equal records (the chain is a set of them).</summary>
public sealed record GroundCell(TensorSymbol Tensor, ImmutableArray<int> Cell)
{
    public bool Equals(GroundCell? other) => other is not null && Tensor == other.Tensor && Cell.SequenceEqual(other.Cell);

    public override int GetHashCode() => HashCode.Combine(Tensor, Cell.Aggregate(17, (h, v) => h * 31 + v));

    public override string ToString() =>
        $"{Tensor.Name}[{string.Join(", ", Cell.Select((v, p) => Tensor.Domains[p].Format(v)))}]";
}

/// <summary>Where a cell's value came from.</summary>
public enum OptimumKind
{
    /// <summary>The tensor's data (a literal, a file) holds the value.</summary>
    Data,

    /// <summary>An equation's instance gives the value; <see cref="Optimum.Step"/> says which.</summary>
    Equation,

    /// <summary>A cell of a tensor that neither <c>min=</c> nor <c>max=</c> computes: its value is shown, not unfolded.</summary>
    Value,

    /// <summary>Nothing reached the cell, so it holds its operator's identity (<c>Infinity</c> for <c>min=</c>).</summary>
    Unreached,

    /// <summary>The cell is already being explained further up the chain (a cycle whose cost adds nothing).</summary>
    OnChain,

    /// <summary>
    /// No data and no equation instance gives the value at the finished run: the run stopped before its
    /// fixpoint (the iteration limit, or a recursion that only approaches its limit), or float32 rounding
    /// moved the value further than the comparison allows.
    /// </summary>
    Unattained,
}

/// <summary>
/// How a cell of a <c>min=</c> or <c>max=</c> tensor got its final value: the equation instance that attains
/// it, with the cells and atoms it read, each explained in turn, along a chain of minimal height.
/// </summary>
public sealed record Optimum(GroundCell Cell, double Value, OptimumKind Kind, OptimumStep? Step) : Justification;

/// <summary>
/// The instance of <paramref name="Equation"/> that gives a cell its value: one binding per term (an equation
/// aggregates each term on its own and adds the results).
/// </summary>
public sealed record OptimumStep(IrEquation Equation, ImmutableArray<TermInstance> Terms);

/// <summary>
/// One term at the binding that attains its optimum: the values of its summed-out variables
/// (<c>x = B</c>), and the explained cells and atoms its factors read there, in the order written. A term of
/// an <c>=</c> or <c>+=</c> equation that several bindings add up to has no single binding:
/// <paramref name="Summed"/> counts them and nothing is unfolded; it is 0 otherwise.
/// </summary>
public sealed record TermInstance(
    IrGenericTerm Term,
    ImmutableArray<(IrIndex Variable, string Value)> Binding,
    int Summed,
    ImmutableArray<Justification> Premises);
