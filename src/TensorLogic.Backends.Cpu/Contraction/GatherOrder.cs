using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// The tuples of a relation as (dense offset, result offset) pairs, grouped by where their slices land (a
/// counting sort on the result offset, CSR-like), and split into parts of about equal tuple counts whose
/// result cells are disjoint. Threads then each take a part instead of scanning every tuple for their own,
/// and consecutive tuples add into the same result rows while they are in cache. Built once per relation
/// and size: relations only grow, so the same object with the same count holds the same tuples.
/// </summary>
internal sealed class GatherOrder
{
    private GatherOrder(Relation relation, int count, long[] denseOffsets, long[] resultOffsets, int[] partStarts)
    {
        Relation = relation;
        Count = count;
        DenseOffsets = denseOffsets;
        ResultOffsets = resultOffsets;
        PartStarts = partStarts;
    }

    public Relation Relation { get; }

    public int Count { get; }

    public long[] DenseOffsets { get; }

    public long[] ResultOffsets { get; }

    /// <summary>Part p holds the tuples [PartStarts[p], PartStarts[p + 1]).</summary>
    public int[] PartStarts { get; }

    public bool Describes(Relation relation) => ReferenceEquals(relation, Relation) && relation.Count == Count;

    /// <param name="keySpan">Result offsets are grouped by offset / keySpan (the slice's extent), into resultLength / keySpan groups.</param>
    public static GatherOrder Build(Relation relation, long[] denseStride, long[] resultStride, long resultLength, long keySpan, int parts)
    {
        var count = relation.Count;
        var keys = (int)Math.Max(1, (resultLength + keySpan - 1) / keySpan);
        var starts = new int[keys + 1];
        var dense = new long[count];
        var result = new long[count];
        // First pass: offsets in tuple order and the size of each group; second: place them by group.
        var i = 0;
        foreach (var tuple in relation)
        {
            long denseOffset = 0, resultOffset = 0;
            for (var p = 0; p < tuple.Length; p++)
            {
                denseOffset += tuple[p] * denseStride[p];
                resultOffset += tuple[p] * resultStride[p];
            }
            dense[i] = denseOffset;
            result[i++] = resultOffset;
            starts[resultOffset / keySpan + 1]++;
        }
        for (var k = 0; k < keys; k++)
            starts[k + 1] += starts[k];
        var next = starts[..^1];
        var orderedDense = new long[count];
        var orderedResult = new long[count];
        for (var t = 0; t < count; t++)
        {
            var at = next[result[t] / keySpan]++;
            orderedDense[at] = dense[t];
            orderedResult[at] = result[t];
        }
        return new GatherOrder(relation, count, orderedDense, orderedResult, Split(starts, count, parts));
    }

    /// <summary>Part boundaries near equal tuple counts, moved to the next group boundary so no group is split.</summary>
    private static int[] Split(int[] groupStarts, int count, int parts)
    {
        var bounds = new int[parts + 1];
        bounds[parts] = count;
        var group = 0;
        for (var p = 1; p < parts; p++)
        {
            var wanted = (int)((long)count * p / parts);
            while (groupStarts[group] < wanted)
                group++;
            bounds[p] = Math.Max(bounds[p - 1], groupStarts[group]);
        }
        return bounds;
    }
}
