using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// Chooses the loop nest of a term. As in the reference evaluator, top-level Boolean reads come first and
/// enumerate their relation's tuples (a join), then the remaining variables loop over their domains.
/// Dense variables are ordered so that memory is walked contiguously: the target's variables outside,
/// in axis order, so consecutive cells are adjacent; the projected variables inside, the one that indexes
/// the fastest-varying axis of the reads innermost, so a cell's reduction runs in registers.
/// </summary>
internal static class LoopPlanner
{
    public static LoopPlan Plan(IrEquation equation, IrGenericTerm term, IReadOnlyCollection<int> pinned)
    {
        var levels = ImmutableArray.CreateBuilder<LoopLevel>();
        var levelOf = new Dictionary<int, int>();
        var bound = new Dictionary<int, int>();
        var pinnedVariables = term.Variables.Where(v => pinned.Contains(v.Id)).ToImmutableArray();
        levels.Add(new EntryLevel(pinnedVariables));
        foreach (var ordinal in pinned)
            levelOf[ordinal] = 0;

        foreach (var read in term.Factors.OfType<IrTensorRead>().Where(r => r.Access.Tensor.IsBoolean))
        {
            if (TryGenerator(read, levelOf.Keys.ToHashSet()) is not { } generator)
                continue;
            levels.Add(generator);
            foreach (var position in generator.Positions.Select((p, i) => (p, i)).Where(x => x.p.Kind == GeneratorPositionKind.Bind))
            {
                var ordinal = ((IrVariableIndex)position.p.Index).Variable.Id;
                levelOf[ordinal] = levels.Count - 1;
                bound[ordinal] = read.Access.Tensor.Domains[position.i].Size;
            }
        }

        foreach (var variable in DenseOrder(equation, term, levelOf.Keys.ToHashSet()))
        {
            levels.Add(new DenseLevel(variable));
            levelOf[variable.Id] = levels.Count - 1;
            bound[variable.Id] = variable.Size;
        }

        var plan = new LoopPlan { Levels = levels.ToImmutable(), VariableLevel = levelOf, VariableBound = bound, CellLevel = 0 };
        var cellLevel = equation.TargetAccess.Indices.Select(i => plan.ReadyLevel(i.Variables())).DefaultIfEmpty(0).Max();
        return new LoopPlan { Levels = plan.Levels, VariableLevel = levelOf, VariableBound = bound, CellLevel = cellLevel };
    }

    /// <summary>
    /// A Boolean read as a generator, or null when it is better tested per binding: when every position is
    /// already known (a lookup, not a loop), or when a position mentions a variable that neither it nor an
    /// earlier level binds (<c>R(x, x+y)</c> before y is bound): such a tuple could not be checked, and
    /// tuples that differ only there would yield the same binding twice.
    /// </summary>
    private static GeneratorLevel? TryGenerator(IrTensorRead read, HashSet<int> boundBefore)
    {
        var indices = read.Access.Indices;
        var newlyBound = new HashSet<int>();
        var kinds = new GeneratorPositionKind[indices.Length];
        for (var p = 0; p < indices.Length; p++)
        {
            if (indices[p] is IrVariableIndex { Variable.Id: var ordinal } && !boundBefore.Contains(ordinal) && newlyBound.Add(ordinal))
                kinds[p] = GeneratorPositionKind.Bind;
            else
                kinds[p] = GeneratorPositionKind.Check;
        }
        if (newlyBound.Count == 0)
            return null;
        for (var p = 0; p < indices.Length; p++)
        {
            if (kinds[p] == GeneratorPositionKind.Bind)
                continue;
            var ordinals = indices[p].Variables().Select(v => v.Id).ToList();
            if (ordinals.All(boundBefore.Contains))
                kinds[p] = GeneratorPositionKind.Pattern;
            else if (!ordinals.All(o => boundBefore.Contains(o) || newlyBound.Contains(o)))
                return null;
        }
        return new GeneratorLevel(read, [.. indices.Select((index, p) => new GeneratorPosition(index, kinds[p]))]);
    }

    /// <summary>The variables still unbound, outermost first.</summary>
    private static IEnumerable<IrIndex> DenseOrder(IrEquation equation, IrGenericTerm term, HashSet<int> alreadyBound)
    {
        var free = term.Variables.Where(v => !alreadyBound.Contains(v.Id)).ToList();
        var target = equation.TargetAccess.Indices;
        var targetAxis = free.ToDictionary(v => v, v => LastPosition(target, v));
        var cellVariables = free.Where(v => targetAxis[v] >= 0).OrderBy(v => targetAxis[v]);
        var reads = term.Factors.SelectMany(f => f.Reads()).ToList();
        var projected = free.Where(v => targetAxis[v] < 0).OrderByDescending(v => DistanceFromLastAxis(reads, v));
        return cellVariables.Concat(projected);
    }

    private static int LastPosition(ImmutableArray<IrIndexExpression> indices, IrIndex variable)
    {
        for (var p = indices.Length - 1; p >= 0; p--)
        {
            if (indices[p].Variables().Contains(variable))
                return p;
        }
        return -1;
    }

    /// <summary>How many axes lie after the last one the variable indexes, fewest over all reads (0: it walks a last axis).</summary>
    private static int DistanceFromLastAxis(List<IrAccess> reads, IrIndex variable) =>
        reads.Select(r => (Rank: r.Indices.Length, Position: LastPosition(r.Indices, variable)))
            .Where(x => x.Position >= 0)
            .Select(x => x.Rank - 1 - x.Position)
            .DefaultIfEmpty(int.MaxValue)
            .Min();
}
