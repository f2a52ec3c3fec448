using System.Numerics;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// The rounds of a <c>min=</c>/<c>max=</c> recursion in delta form: results combine into the tensor in place, and
/// every cell whose value changed is collected, as the relation the next round joins, together with the
/// largest change, which the tolerance is held to as in the sweeps.
/// </summary>
public static class Improvements
{
    /// <summary><c>target[c] = target[c] ⊕ value[c]</c> at every reached cell; the cells that changed are added to <paramref name="changed"/>.</summary>
    /// <returns>The largest change (see <see cref="Change{T}"/>).</returns>
    public static double Apply<T>(DenseTensor<T> target, EquationResult<T> result, Aggregation combination, Relation changed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = target.Data;
        var largest = 0.0;
        var cell = new int[target.Rank];
        if (result.Cells is { } cells)
        {
            foreach (var (reached, value) in cells)
            {
                var offset = target.Offset(reached);
                largest = Math.Max(largest, Combine(data, offset, T.CreateTruncating(value), combination, target, changed, cell));
            }
        }
        else
        {
            var values = result.Values!.Data;
            var counts = result.Counts;
            for (var offset = 0; offset < data.Length; offset++)
            {
                if (counts is null || counts[offset] > 0)
                    largest = Math.Max(largest, Combine(data, offset, values[offset], combination, target, changed, cell));
            }
        }
        target.MarkChanged();
        return largest;
    }

    /// <summary>The cells where <paramref name="after"/> differs from <paramref name="before"/>, added to <paramref name="changed"/>.</summary>
    /// <returns>The largest change.</returns>
    public static double Compare<T>(DenseTensor<T> before, DenseTensor<T> after, Relation changed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (old, current) = (before.Data, after.Data);
        var largest = 0.0;
        var cell = new int[after.Rank];
        for (var offset = 0; offset < current.Length; offset++)
        {
            if (!Differs(old[offset], current[offset]))
                continue;
            after.CellOf(offset, cell);
            changed.Add(cell);
            largest = Math.Max(largest, Change(old[offset], current[offset]));
        }
        return largest;
    }

    private static double Combine<T>(T[] data, long offset, T value, Aggregation combination, DenseTensor<T> target, Relation changed, int[] cell)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var old = data[offset];
        var next = Accumulation<T>.Combine(combination, old, value);
        if (!Differs(old, next))
            return 0;
        data[offset] = next;
        target.CellOf(offset, cell);
        changed.Add(cell);
        return Change(old, next);
    }

    /// <summary>
    /// A cell changed when its bits did, NaN aside: -0 after +0 is a change (min picks it, and what reads the cell
    /// may tell them apart), NaN after NaN is none (NaN wins every later combination, so it cannot move again).
    /// </summary>
    private static bool Differs<T>(T old, T next)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        T.IsNaN(old) ? !T.IsNaN(next) : old != next || T.IsNegative(old) != T.IsNegative(next);

    /// <summary>
    /// How far a cell moved, as the sweeps measure it: a NaN on one side, or an infinity left or reached, is an
    /// infinite change.
    /// </summary>
    public static double Change<T>(T old, T next)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var difference = double.CreateTruncating(T.Abs(old - next));
        return double.IsNaN(difference) ? T.IsNaN(old) && T.IsNaN(next) ? 0 : double.PositiveInfinity : difference;
    }
}
