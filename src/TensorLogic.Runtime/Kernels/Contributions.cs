using System.Numerics;
using TensorLogic.Compiler.Semantics;
using System.Numerics.Tensors;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// How equation results become tensor values, defined once for every engine: added to the data at the
/// reached cells (real tensors), the step of the sum (relations: a cell is true when its data and the
/// contributions sum to more than 0, which for rules is OR), overwritten (virtual-index loops), or written
/// over the data layer by layer (index-shift recursion).
/// </summary>
public static class Contributions
{
    /// <summary>
    /// <c>target[c] ⊕= value[c]</c> at every reached cell, ⊕ being the tensor's combination: + (sums), min or max.
    /// </summary>
    public static void CombineReached<T>(DenseTensor<T> target, EquationResult<T> result, Aggregation combination)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        WriteReached(target, target, result, combination);

    /// <summary><c>target[c] = initial[c] ⊕ value[c]</c> at every reached cell (a layer written at once).</summary>
    public static void WriteReached<T>(DenseTensor<T> target, DenseTensor<T> initial, EquationResult<T> result, Aggregation combination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (result.Cells is { } cells)
        {
            foreach (var (cell, value) in cells)
            {
                var offset = target.Offset(cell);
                target.Data[offset] = Accumulation<T>.Combine(combination, initial.Data[offset], T.CreateTruncating(value));
            }
            target.MarkChanged();
            return;
        }
        var values = result.Values!.Data;
        if (result.Counts is null && combination == Aggregation.Sum)
        {
            TensorPrimitives.Add(initial.Data, values, target.Data);
            target.MarkChanged();
            return;
        }
        var (from, to) = (initial.Data, target.Data);
        for (var i = 0; i < to.Length; i++)
        {
            if (result.Counts is null || result.Counts[i] > 0)
                to[i] = Accumulation<T>.Combine(combination, from[i], values[i]);
        }
        target.MarkChanged();
    }

    /// <summary>A relation's data and the results: true where the data (0/1) plus the contributions exceed 0.</summary>
    public static Relation Relation<T>(Relation initial, IReadOnlyList<EquationResult<T>> results, IKernelContext<T> context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (results.Count > 0 && results.All(r => r.IsDense))
            return DenseRelation(initial, results, context);
        // A tuple of the data that a result reaches is decided by its total, which starts at 1.
        return Replace(initial, results, cell => initial.Get(cell));
    }

    /// <summary>Dense results (small relations computed by dense kernels) are summed densely, then thresholded.</summary>
    private static Relation DenseRelation<T>(Relation initial, IReadOnlyList<EquationResult<T>> results, IKernelContext<T> context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var totals = context.Rent(initial.Shape);
        foreach (var tuple in initial)
            totals.Data[totals.Offset(tuple)] = T.One;
        foreach (var result in results)
            CombineReached(totals, result, Aggregation.Sum);
        var relation = new Relation(initial.Shape);
        var cell = new int[initial.Rank];
        for (var offset = 0; offset < totals.Length; offset++)
        {
            if (totals.Data[offset] <= T.Zero)
                continue;
            totals.CellOf(offset, cell);
            relation.Add(cell);
        }
        context.Return(totals);
        return relation;
    }

    /// <summary>The reached cells of the results replace the tensor's (their contributions combined); the rest stay.</summary>
    public static DenseTensor<T> Overwrite<T>(DenseTensor<T> next, IReadOnlyList<EquationResult<T>> results, Aggregation combination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Resources.ResourceGuard.Reserve((long)next.Length * (1 + System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
        var reached = new bool[next.Length];
        var combined = new T[next.Length];
        void Reach(long offset, T value)
        {
            combined[offset] = reached[offset] ? Accumulation<T>.Combine(combination, combined[offset], value) : value;
            reached[offset] = true;
        }
        foreach (var result in results)
        {
            if (result.Cells is { } cells)
            {
                foreach (var (cell, value) in cells)
                    Reach(next.Offset(cell), T.CreateTruncating(value));
                continue;
            }
            var values = result.Values!.Data;
            for (var i = 0; i < next.Length; i++)
            {
                if (result.Counts is null || result.Counts[i] > 0)
                    Reach(i, values[i]);
            }
        }
        var data = next.Data;
        for (var i = 0; i < data.Length; i++)
        {
            if (reached[i])
                data[i] = combined[i];
        }
        next.MarkChanged();
        return next;
    }

    /// <summary>The same for a relation: reached cells are true where their contributions exceed 0, false otherwise.</summary>
    public static Relation Overwrite<T>(Relation current, IReadOnlyList<EquationResult<T>> results)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Replace(current, results, _ => 0);

    /// <summary>
    /// The relation with every reached cell decided anew: true where <paramref name="start"/> plus the cell's
    /// contributions exceed 0. Cells no result reaches keep what <paramref name="current"/> says.
    /// </summary>
    private static Relation Replace<T>(Relation current, IReadOnlyList<EquationResult<T>> results, Func<int[], double> start)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var totals = new Dictionary<TupleKey, (int[] Cell, double Total)>();
        foreach (var result in results)
        {
            foreach (var (cell, value) in result.Reached())
            {
                var key = new TupleKey(cell);
                totals[key] = (cell, (totals.TryGetValue(key, out var existing) ? existing.Total : start(cell)) + value);
            }
        }
        var relation = new Relation(current.Shape);
        foreach (var tuple in current.Tuples.Where(t => !totals.ContainsKey(new TupleKey(t))))
            relation.Add(tuple);
        foreach (var (cell, total) in totals.Values)
        {
            if (total > 0)
                relation.Add(cell);
        }
        return relation;
    }

    /// <summary>
    /// The largest change of any element; NaN against a number counts as infinitely large, NaN against NaN and
    /// an infinity against the same infinity (a min= cell nothing reaches yet) as none. A change within
    /// <see cref="RoundingUnits"/> units in the last place of the element is none either: it is rounding, not
    /// progress. Kernels that add in parallel (the GPU engine's atomic adds) sum in another order each sweep,
    /// and a fixpoint that waited for those last bits to settle would sweep until its iteration limit.
    /// </summary>
    public static double MaxDifference<T>(DenseTensor<T> before, DenseTensor<T> after)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = 0.0;
        var (old, current) = (before.Data, after.Data);
        var rounding = T.CreateTruncating(RoundingUnits) * UnitRoundoff<T>();
        for (var i = 0; i < old.Length; i++)
        {
            if (old[i] == current[i])
                continue;
            var change = T.Abs(old[i] - current[i]);
            // Between numbers only: from an infinity (a min= cell reached at last) any change is progress.
            if (T.IsFinite(change) && change <= rounding * T.Max(T.Abs(old[i]), T.Abs(current[i])))
                continue;
            var d = double.CreateTruncating(change);
            if (double.IsNaN(d) ? !(T.IsNaN(old[i]) && T.IsNaN(current[i])) : d > max)
                max = double.IsNaN(d) ? double.PositiveInfinity : d;
        }
        return max;
    }

    /// <summary>How many units in the last place two sweeps' values may differ by and still count as the same.</summary>
    internal const int RoundingUnits = 16;

    // The distance from 1 to the next larger number of T: 2^-23 for float, 2^-52 for double.
    private static T UnitRoundoff<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => T.BitIncrement(T.One) - T.One;

    public static bool SameTuples(Relation before, Relation after) =>
        before.Count == after.Count && after.Tuples.All(t => before.Contains(t));
}
