using System.Numerics;
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
    /// <summary><c>target[c] += value[c]</c> at every reached cell.</summary>
    public static void AddReached<T>(DenseTensor<T> target, EquationResult<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (result.Cells is { } cells)
        {
            foreach (var (cell, value) in cells)
                target.Data[target.Offset(cell)] += T.CreateTruncating(value);
            return;
        }
        var data = target.Data;
        var add = result.Values!.Data;
        if (result.Counts is not { } counts)
        {
            TensorPrimitives.Add(data, add, data);
            return;
        }
        for (var i = 0; i < data.Length; i++)
        {
            if (counts[i] > 0)
                data[i] += add[i];
        }
    }

    /// <summary><c>target[c] = initial[c] + value[c]</c> at every reached cell (a layer written at once).</summary>
    public static void WriteReached<T>(DenseTensor<T> target, DenseTensor<T> initial, EquationResult<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (result.Cells is { } cells)
        {
            foreach (var (cell, value) in cells)
            {
                var offset = target.Offset(cell);
                target.Data[offset] = initial.Data[offset] + T.CreateTruncating(value);
            }
            return;
        }
        var values = result.Values!.Data;
        for (var i = 0; i < target.Length; i++)
        {
            if (result.Counts is null || result.Counts[i] > 0)
                target.Data[i] = initial.Data[i] + values[i];
        }
    }

    /// <summary>A relation's data and the results: true where the data (0/1) plus the contributions exceed 0.</summary>
    public static Relation Relation<T>(Relation initial, IReadOnlyList<EquationResult<T>> results, IKernelContext<T> context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (results.Count > 0 && results.All(r => r.IsDense))
            return DenseRelation(initial, results, context);
        var totals = new Dictionary<TupleKey, (int[] Cell, double Total)>();
        foreach (var result in results)
        {
            foreach (var (cell, value) in result.Reached())
            {
                var key = new TupleKey(cell);
                var total = totals.TryGetValue(key, out var existing) ? existing.Total : initial.Get(cell);
                totals[key] = (cell, total + value);
            }
        }
        var combined = new Relation(initial.Shape);
        foreach (var tuple in initial.Tuples)
        {
            if (!totals.TryGetValue(new TupleKey(tuple), out var entry) || entry.Total > 0)
                combined.Add(tuple);
        }
        foreach (var (cell, total) in totals.Values)
        {
            if (total > 0)
                combined.Add(cell);
        }
        return combined;
    }

    /// <summary>Dense results (small relations computed by dense kernels) are summed densely, then thresholded.</summary>
    private static Relation DenseRelation<T>(Relation initial, IReadOnlyList<EquationResult<T>> results, IKernelContext<T> context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var totals = context.Rent(initial.Shape);
        foreach (var tuple in initial.Tuples)
            totals.Data[totals.Offset(tuple)] = T.One;
        foreach (var result in results)
            AddReached(totals, result);
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

    /// <summary>The reached cells of the results replace the tensor's (their contributions summed); the rest stay.</summary>
    public static DenseTensor<T> Overwrite<T>(DenseTensor<T> next, IReadOnlyList<EquationResult<T>> results)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reached = new bool[next.Length];
        var sums = new T[next.Length];
        foreach (var result in results)
        {
            if (result.Cells is { } cells)
            {
                foreach (var (cell, value) in cells)
                {
                    var offset = next.Offset(cell);
                    sums[offset] += T.CreateTruncating(value);
                    reached[offset] = true;
                }
                continue;
            }
            var values = result.Values!.Data;
            for (var i = 0; i < next.Length; i++)
            {
                if (result.Counts is not null && result.Counts[i] == 0)
                    continue;
                sums[i] += values[i];
                reached[i] = true;
            }
        }
        for (var i = 0; i < next.Length; i++)
        {
            if (reached[i])
                next.Data[i] = sums[i];
        }
        return next;
    }

    /// <summary>The same for a relation: reached cells are true where their contributions exceed 0, false otherwise.</summary>
    public static Relation Overwrite<T>(Relation current, IReadOnlyList<EquationResult<T>> results)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var totals = new Dictionary<TupleKey, (int[] Cell, double Total)>();
        foreach (var result in results)
        {
            foreach (var (cell, value) in result.Reached())
            {
                var key = new TupleKey(cell);
                totals[key] = (cell, (totals.TryGetValue(key, out var existing) ? existing.Total : 0) + value);
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

    /// <summary>The largest change of any element; NaN against a number counts as infinitely large, NaN against NaN as none.</summary>
    public static double MaxDifference<T>(DenseTensor<T> before, DenseTensor<T> after)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = 0.0;
        for (var i = 0; i < before.Length; i++)
        {
            var d = double.CreateTruncating(T.Abs(before.Data[i] - after.Data[i]));
            if (double.IsNaN(d) ? !(T.IsNaN(before.Data[i]) && T.IsNaN(after.Data[i])) : d > max)
                max = double.IsNaN(d) ? double.PositiveInfinity : d;
        }
        return max;
    }

    public static bool SameTuples(Relation before, Relation after) =>
        before.Count == after.Count && after.Tuples.All(t => before.Contains(t));
}
