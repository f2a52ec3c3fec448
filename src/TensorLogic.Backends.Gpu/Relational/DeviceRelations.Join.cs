using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace TensorLogic.Backends.Gpu.Relational;

public sealed partial class DeviceRelations
{
    private static readonly MethodInfo IotaKernel = Kernel(nameof(RelationKernels.Iota));
    private static readonly MethodInfo RightJoinKeysKernel = Kernel(nameof(RelationKernels.RightJoinKeys));
    private static readonly MethodInfo CountMatchesKernel = Kernel(nameof(RelationKernels.CountMatches));
    private static readonly MethodInfo WriteMatchesKernel = Kernel(nameof(RelationKernels.WriteMatches));

    /// <summary>
    /// <paramref name="relation"/> ordered by <paramref name="columns"/> for joins. When the columns are its
    /// leading ones in order, its keys are already in join-key order and nothing is sorted.
    /// </summary>
    public JoinIndex IndexForJoin(DeviceRelation relation, IReadOnlyList<int> columns)
    {
        CheckOwned(relation);
        var (layout, _) = JoinLayout.Build(relation.Shape, columns, relation.Shape, columns, []);
        lock (Device.Gate)
        {
            var count = relation.Count;
            var joinKeys = Device.Memory.Rent<long>(count, "join keys");
            var order = Device.Memory.Rent<int>(count, "join order");
            if (count == 0)
                return new JoinIndex(this, relation, columns, joinKeys, order);
            using var scratch = new ScratchBuffers(Device, Stream);
            ArrayView<long> sortedKeys = joinKeys.View.SubView(0, count);
            ArrayView<int> sortedOrder = order.View.SubView(0, count);
            Launch(RightJoinKeysKernel, count, relation.Keys, UploadLayout(layout, scratch), columns.Count, sortedKeys);
            Launch(IotaKernel, count, sortedOrder);
            if (!JoinLayout.IsPrefix(columns))
            {
                // Join keys are below the relation's cell count: they pack fewer columns.
                var sorter = _algorithms.Sorter(relation.Shape.Cells);
                sorter.SortPairs(Stream, sortedKeys, sortedOrder, scratch.Rent<int>(sorter.PairsScratch(count), "sort scratch"));
            }
            return new JoinIndex(this, relation, columns, joinKeys, order);
        }
    }

    /// <summary>
    /// <c>Head(head) &lt;- Left(..), Right(..)</c> where <paramref name="leftColumns"/>[k] of the left tuple
    /// equals <see cref="JoinIndex.Columns"/>[k] of the right one: the set of head tuples, each head column
    /// copied from one column of either side.
    /// </summary>
    /// <exception cref="ArgumentException">Column choices that do not fit the relations.</exception>
    /// <exception cref="InvalidOperationException">The join has more matches than a device sort takes.</exception>
    public DeviceRelation Join(DeviceRelation left, IReadOnlyList<int> leftColumns, JoinIndex right, IReadOnlyList<HeadColumn> head)
    {
        CheckOwned(left);
        CheckOwned(right.Relation);
        var (layout, headShape) = JoinLayout.Build(left.Shape, leftColumns, right.Relation.Shape, right.Columns, head);
        lock (Device.Gate)
        {
            var count = left.Count;
            if (count == 0 || right.Relation.Count == 0)
                return Empty(headShape);
            using var scratch = new ScratchBuffers(Device, Stream);
            var layoutView = UploadLayout(layout, scratch);
            var firstMatch = scratch.Rent<int>(count, "first matches");
            var matchCounts = scratch.Rent<long>(count, "match counts");
            Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<long>, ArrayView<long>, ArrayView<long>, int, ArrayView<int>, ArrayView<long>>>(CountMatchesKernel)(
                Stream, count, left.Keys, right.SortedJoinKeys, layoutView, leftColumns.Count, firstMatch, matchCounts);
            var ends = scratch.Rent<long>(count, "match ends");
            _algorithms.PrefixSums.Inclusive(Stream, matchCounts, ends, scratch);
            var total = ReadAt(ends, count - 1);
            if (total > int.MaxValue)
                throw new DeviceCapacityException($"a join with {total:N0} matches is more than a device sort takes ({int.MaxValue:N0})");
            var output = Device.Memory.Rent<long>(total, "join output");
            Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<long>, ArrayView<long>, ArrayView<int>, ArrayView<int>, ArrayView<long>, ArrayView<long>, ArrayView<long>, int, int, ArrayView<long>>>(WriteMatchesKernel)(
                Stream, count, left.Keys, right.Relation.Keys, right.Order, firstMatch, matchCounts, ends, layoutView, leftColumns.Count, head.Count, output.View.SubView(0, total));
            return SortUnique(headShape, output, (int)total);
        }
    }

    /// <summary>A one-off join: indexes <paramref name="right"/> by <paramref name="rightColumns"/>, joins, and drops the index.</summary>
    public DeviceRelation Join(
        DeviceRelation left, IReadOnlyList<int> leftColumns, DeviceRelation right, IReadOnlyList<int> rightColumns, IReadOnlyList<HeadColumn> head)
    {
        using var index = IndexForJoin(right, rightColumns);
        return Join(left, leftColumns, index, head);
    }

    private ArrayView<long> UploadLayout(long[] data, ScratchBuffers scratch)
    {
        var view = scratch.Rent<long>(data.Length, "join layout");
        if (data.Length > 0)
            view.CopyFromCPU(Stream, data);
        return view;
    }
}
