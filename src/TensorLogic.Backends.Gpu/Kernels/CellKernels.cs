using ILGPU;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// Device code that works cell by cell on an equation's accumulator: broadcasts, reach counts, masks, window
/// gathers and the outer function. Built-ins run their one definition (<see cref="IElementwiseDefinition.Value{T}"/>),
/// which ILGPU compiles for the device like any other generic code.
/// </summary>
public static class CellKernels
{
    /// <summary><c>output[o] += scale · input[o restricted to the input's axes]</c>; layout: output sizes, then input strides per output axis.</summary>
    public static void Broadcast(Index1D cell, ArrayView<float> input, ArrayView<float> output, ArrayView<long> layout, int rank, float scale)
    {
        long rest = cell;
        long offset = 0;
        for (var a = rank - 1; a >= 0; a--)
        {
            var size = layout[a];
            offset += rest % size * layout[rank + a];
            rest /= size;
        }
        output[cell] += scale * input[offset];
    }

    /// <summary>The lowest offset of an infinite or NaN element, into <paramref name="first"/>[0] (which starts at int.MaxValue).</summary>
    public static void FirstNonFinite(Index1D cell, ArrayView<float> values, ArrayView<int> first)
    {
        if (!float.IsFinite(values[cell]))
            Atomic.Min(ref first[0], cell);
    }

    /// <summary>A term that reaches every cell: one binding more at each.</summary>
    public static void CountAll(Index1D cell, ArrayView<int> counts) => counts[cell] += 1;

    /// <summary>A masked term: its dense values are added, and counted, where the mask allows.</summary>
    public static void AddAllowed(Index1D cell, ArrayView<float> values, ArrayView<int> counts, ArrayView<float> scratch, ArrayView<byte> allowed)
    {
        if (allowed[cell] == 0)
            return;
        values[cell] += scratch[cell];
        counts[cell] += 1;
    }

    /// <summary>
    /// im2col: each window cell takes the source element its index sums select, 0 outside the source.
    /// Layout: window sizes, source stride per window axis, then per source position its first and second
    /// window axis (-1 for none) and its size.
    /// </summary>
    public static void Gather(Index1D cell, ArrayView<float> source, ArrayView<float> window, ArrayView<long> layout, int rank, int sourceRank)
    {
        var positions = 2 * rank;
        var inside = true;
        for (var p = 0; p < sourceRank && inside; p++)
        {
            var value = Coordinate(cell, layout, rank, (int)layout[positions + 3 * p]);
            var second = (int)layout[positions + 3 * p + 1];
            if (second >= 0)
                value += Coordinate(cell, layout, rank, second);
            inside = value < layout[positions + 3 * p + 2];
        }
        if (!inside)
        {
            window[cell] = 0f;
            return;
        }
        long offset = 0;
        long rest = cell;
        for (var a = rank - 1; a >= 0; a--)
        {
            var size = layout[a];
            offset += rest % size * layout[rank + a];
            rest /= size;
        }
        window[cell] = source[offset];
    }

    private static long Coordinate(long cell, ArrayView<long> layout, int rank, int axis)
    {
        for (var a = rank - 1; a > axis; a--)
            cell /= layout[a];
        return cell % layout[axis];
    }

    /// <summary>The outer function at every reached cell (every cell when <paramref name="useCounts"/> is 0).</summary>
    public static void Apply<TDefinition>(Index1D cell, ArrayView<float> values, ArrayView<int> counts, int useCounts, float argument)
        where TDefinition : struct, IElementwiseDefinition
    {
        if (useCounts == 0 || counts[cell] > 0)
            values[cell] = TDefinition.Value(values[cell], argument);
    }

    /// <summary>
    /// softmax (<paramref name="softmax"/> = 1) or layer norm of one group per thread, over the group's reached
    /// members: the same formulas as <c>Runtime.Kernels.Normalization</c> (max-subtracted exp; population
    /// variance plus ε).
    /// </summary>
    public static void Normalize(Index1D group, ArrayView<float> values, ArrayView<int> counts, int useCounts,
        ArrayView<int> bases, ArrayView<int> members, int softmax, float epsilon)
    {
        var start = bases[group];
        var size = (int)members.Length;
        var reached = 0;
        var max = float.NegativeInfinity;
        var total = 0f;
        for (var j = 0; j < size; j++)
        {
            var i = start + members[j];
            if (useCounts != 0 && counts[i] == 0)
                continue;
            reached++;
            max = DeviceMath.Maximum(max, values[i]);
            total += values[i];
        }
        if (reached == 0)
            return;
        if (softmax != 0)
        {
            var sum = 0f;
            for (var j = 0; j < size; j++)
            {
                var i = start + members[j];
                if (useCounts == 0 || counts[i] > 0)
                    sum += values[i] = MathF.Exp(values[i] - max);
            }
            for (var j = 0; j < size; j++)
            {
                var i = start + members[j];
                if (useCounts == 0 || counts[i] > 0)
                    values[i] /= sum;
            }
            return;
        }
        var mean = total / reached;
        var squares = 0f;
        for (var j = 0; j < size; j++)
        {
            var i = start + members[j];
            if (useCounts == 0 || counts[i] > 0)
                squares += (values[i] - mean) * (values[i] - mean);
        }
        var scale = 1f / MathF.Sqrt(squares / reached + epsilon);
        for (var j = 0; j < size; j++)
        {
            var i = start + members[j];
            if (useCounts == 0 || counts[i] > 0)
                values[i] = (values[i] - mean) * scale;
        }
    }

    /// <summary>
    /// <see cref="Normalize"/> with one group of threads per normalization group, for long groups (a softmax
    /// over a vocabulary): the threads split the members and combine maximum, sums and squares in shared memory.
    /// Grid: (groups); group: a power of two.
    /// </summary>
    public static void NormalizeByGroup(ArrayView<float> values, ArrayView<int> counts, int useCounts,
        ArrayView<int> bases, ArrayView<int> members, int softmax, float epsilon)
    {
        var start = bases[Grid.IdxX];
        var size = (int)members.Length;
        var reachedHere = 0f;
        var maxHere = float.NegativeInfinity;
        var totalHere = 0f;
        for (var j = Group.IdxX; j < size; j += Group.DimX)
        {
            var i = start + members[j];
            if (useCounts != 0 && counts[i] == 0)
                continue;
            reachedHere += 1f;
            maxHere = DeviceMath.Maximum(maxHere, values[i]);
            totalHere += values[i];
        }
        var reached = GroupReductions.Sum(reachedHere);
        if (reached == 0f)
            return;
        if (softmax != 0)
        {
            var max = GroupReductions.Max(maxHere);
            var sumHere = 0f;
            for (var j = Group.IdxX; j < size; j += Group.DimX)
            {
                var i = start + members[j];
                if (useCounts == 0 || counts[i] > 0)
                    sumHere += values[i] = MathF.Exp(values[i] - max);
            }
            var sum = GroupReductions.Sum(sumHere);
            for (var j = Group.IdxX; j < size; j += Group.DimX)
            {
                var i = start + members[j];
                if (useCounts == 0 || counts[i] > 0)
                    values[i] /= sum;
            }
            return;
        }
        var mean = GroupReductions.Sum(totalHere) / reached;
        var squaresHere = 0f;
        for (var j = Group.IdxX; j < size; j += Group.DimX)
        {
            var i = start + members[j];
            if (useCounts == 0 || counts[i] > 0)
                squaresHere += (values[i] - mean) * (values[i] - mean);
        }
        var scale = 1f / MathF.Sqrt(GroupReductions.Sum(squaresHere) / reached + epsilon);
        for (var j = Group.IdxX; j < size; j += Group.DimX)
        {
            var i = start + members[j];
            if (useCounts == 0 || counts[i] > 0)
                values[i] = (values[i] - mean) * scale;
        }
    }
}
