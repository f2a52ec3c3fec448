using ILGPU;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// Device code of the relational primitives, one thread per tuple. Relations are sorted arrays of packed
/// keys (<see cref="RelationShape"/>), so membership and matching are binary searches, and every operation
/// that keeps a subset marks tuples, scans the marks into positions and compacts.
/// </summary>
public static class RelationKernels
{
    /// <summary>Marks the first key of each run of equal keys in a sorted array: what remains after removing duplicates.</summary>
    public static void MarkFirstOfRun(Index1D i, ArrayView<long> sortedKeys, ArrayView<int> marks) =>
        marks[i] = i == 0 || sortedKeys[i] != sortedKeys[i - 1] ? 1 : 0;

    /// <summary>Marks the keys that <paramref name="known"/> (sorted) lacks: what a set difference keeps.</summary>
    public static void MarkAbsent(Index1D i, ArrayView<long> keys, ArrayView<long> known, ArrayView<int> marks)
    {
        var key = keys[i];
        var at = LowerBound(known, key);
        marks[i] = at < known.Length && known[at] == key ? 0 : 1;
    }

    /// <summary>Moves each marked key to its place: <paramref name="inclusivePositions"/> is the inclusive scan of the marks.</summary>
    public static void Compact(Index1D i, ArrayView<long> keys, ArrayView<int> marks, ArrayView<int> inclusivePositions, ArrayView<long> output)
    {
        if (marks[i] != 0)
            output[inclusivePositions[i] - 1] = keys[i];
    }

    /// <summary>
    /// One side of a merge of two disjoint sorted sets: a key lands after its own predecessors and after every
    /// key of the other set below it. Run once per side; no two keys land on the same place because the sets
    /// share no key.
    /// </summary>
    public static void MergeDisjoint(Index1D i, ArrayView<long> keys, ArrayView<long> other, ArrayView<long> output)
    {
        var key = keys[i];
        output[i + LowerBound(other, key)] = key;
    }

    public static void Iota(Index1D i, ArrayView<int> values) => values[i] = i;

    /// <summary>
    /// The join key of each tuple of the indexed (right) relation: its join columns packed row-major.
    /// <paramref name="layout"/> is described at <see cref="JoinLayout"/>.
    /// </summary>
    public static void RightJoinKeys(Index1D i, ArrayView<long> keys, ArrayView<long> layout, int joinCount, ArrayView<long> joinKeys)
    {
        var key = keys[i];
        long joinKey = 0;
        for (var k = 0; k < joinCount; k++)
        {
            var entry = JoinLayout.JoinEntry * k;
            joinKey += Column(key, layout[entry + 2], layout[entry + 3]) * layout[entry + 4];
        }
        joinKeys[i] = joinKey;
    }

    /// <summary>
    /// Pass 1 of a join: the range of the right relation's sorted join keys that each left tuple matches
    /// (its first index and its length). A left value outside the right column's size matches nothing.
    /// </summary>
    public static void CountMatches(
        Index1D i, ArrayView<long> leftKeys, ArrayView<long> sortedJoinKeys, ArrayView<long> layout, int joinCount,
        ArrayView<int> firstMatch, ArrayView<long> matchCounts)
    {
        var key = leftKeys[i];
        long probe = 0;
        var inRange = true;
        for (var k = 0; k < joinCount; k++)
        {
            var entry = JoinLayout.JoinEntry * k;
            var value = Column(key, layout[entry], layout[entry + 1]);
            inRange &= value < layout[entry + 3];
            probe += value * layout[entry + 4];
        }
        if (!inRange)
        {
            firstMatch[i] = 0;
            matchCounts[i] = 0;
            return;
        }
        var first = LowerBound(sortedJoinKeys, probe);
        firstMatch[i] = first;
        matchCounts[i] = UpperBound(sortedJoinKeys, probe) - first;
    }

    /// <summary>
    /// Pass 2 of a join: each left tuple writes one head key per matching right tuple, from the place the
    /// inclusive scan of the counts gives it. <paramref name="rightOrder"/> maps sorted join keys to right tuples.
    /// </summary>
    public static void WriteMatches(
        Index1D i, ArrayView<long> leftKeys, ArrayView<long> rightKeys, ArrayView<int> rightOrder,
        ArrayView<int> firstMatch, ArrayView<long> matchCounts, ArrayView<long> inclusiveEnds,
        ArrayView<long> layout, int joinCount, int headCount, ArrayView<long> output)
    {
        var count = matchCounts[i];
        if (count == 0)
            return;
        var leftKey = leftKeys[i];
        var start = inclusiveEnds[i] - count;
        var first = firstMatch[i];
        var headStart = JoinLayout.JoinEntry * joinCount;
        for (long m = 0; m < count; m++)
        {
            var rightKey = rightKeys[rightOrder[first + m]];
            long head = 0;
            for (var h = 0; h < headCount; h++)
            {
                var entry = headStart + JoinLayout.HeadEntry * h;
                var source = layout[entry] == JoinLayout.FromLeft ? leftKey : rightKey;
                head += Column(source, layout[entry + 1], layout[entry + 2]) * layout[entry + 3];
            }
            output[start + m] = head;
        }
    }

    private static long Column(long key, long stride, long size) => key / stride % size;

    /// <summary>The index of the first key not below <paramref name="value"/> (the length when there is none).</summary>
    private static int LowerBound(ArrayView<long> sorted, long value)
    {
        var low = 0;
        var high = sorted.IntLength;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (sorted[middle] < value)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    /// <summary>The index of the first key above <paramref name="value"/> (the length when there is none).</summary>
    private static int UpperBound(ArrayView<long> sorted, long value)
    {
        var low = 0;
        var high = sorted.IntLength;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (sorted[middle] <= value)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }
}
