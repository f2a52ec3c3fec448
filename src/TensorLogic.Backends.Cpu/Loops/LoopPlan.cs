using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// How the bindings of one term are enumerated for one set of pinned variables: a chain of levels, each
/// binding some variables inside the previous one. Level 0 is the entry, where only pinned variables are
/// bound; then one level per relation generator; then one level per remaining variable, looped densely.
/// Everything the kernel computes (an index, a range check, a filter, a factor) is placed at the level
/// where its last variable is bound, so loop-invariant work is done once per outer iteration.
/// </summary>
internal sealed class LoopPlan
{
    public required ImmutableArray<LoopLevel> Levels { get; init; }

    /// <summary>The level at which a variable is bound, by ordinal (pinned variables: 0).</summary>
    public required IReadOnlyDictionary<int, int> VariableLevel { get; init; }

    /// <summary>
    /// An exclusive upper bound on a variable's value when it is known (a dense loop's domain size, a
    /// relation position's size); pinned variables have none, so every position they index is range-checked.
    /// </summary>
    public required IReadOnlyDictionary<int, int> VariableBound { get; init; }

    /// <summary>The level at which every index of the target is known, so its cell is fixed.</summary>
    public required int CellLevel { get; init; }

    public int InnermostLevel => Levels.Length - 1;

    /// <summary>Whether a top-level Boolean read is enumerated by a generator (else it is tested per binding).</summary>
    public bool IsGenerator(IrTensorRead read) =>
        Levels.OfType<GeneratorLevel>().Any(g => ReferenceEquals(g.Read, read));

    /// <summary>Loops inside the cell level only reduce into one cell, so they accumulate in registers.</summary>
    public bool ReducesInRegisters => CellLevel < InnermostLevel;

    /// <summary>The level at which all of <paramref name="variables"/> are bound.</summary>
    public int ReadyLevel(IEnumerable<IrIndex> variables) =>
        variables.Select(v => VariableLevel.TryGetValue(v.Id, out var level)
                ? level
                : throw new InvalidOperationException($"index variable '{v.Name}' is not a variable of the term"))
            .DefaultIfEmpty(0)
            .Max();

    /// <summary>Whether <paramref name="index"/> needs no range check against a position of <paramref name="size"/>.</summary>
    public bool IsInRange(IrIndexExpression index, int size) => index switch
    {
        IrVariableIndex v => VariableBound.TryGetValue(v.Variable.Id, out var bound) && bound <= size,
        IrConstantIndex c => c.Value >= 0 && c.Value < size,
        _ => false,
    };
}

/// <summary>One level of a loop nest.</summary>
internal abstract record LoopLevel;

/// <summary>The entry of the nest: pinned variables are loaded from the binding the caller passed.</summary>
internal sealed record EntryLevel(ImmutableArray<IrIndex> Pinned) : LoopLevel;

/// <summary><c>for v in 0 .. Domain.Size-1</c>.</summary>
internal sealed record DenseLevel(IrIndex Variable) : LoopLevel;

/// <summary>
/// A loop over the tuples of a relation that agree with the positions already known (<c>Parent(Bob, x)</c>
/// looks up the tuples starting with Bob), binding the variables at its other positions.
/// </summary>
internal sealed record GeneratorLevel(IrTensorRead Read, ImmutableArray<GeneratorPosition> Positions) : LoopLevel
{
    public IEnumerable<IrIndex> Binds =>
        Positions.Where(p => p.Kind == GeneratorPositionKind.Bind).Select(p => ((IrVariableIndex)p.Index).Variable);
}

internal enum GeneratorPositionKind
{
    /// <summary>Known before the loop: part of the lookup pattern.</summary>
    Pattern,

    /// <summary>The first occurrence of an unbound variable: bound from the tuple.</summary>
    Bind,

    /// <summary>Known only once the tuple's variables are bound (<c>R(x, x)</c>, <c>R(x, x+1)</c>): compared with the tuple.</summary>
    Check,
}

internal sealed record GeneratorPosition(IrIndexExpression Index, GeneratorPositionKind Kind);
