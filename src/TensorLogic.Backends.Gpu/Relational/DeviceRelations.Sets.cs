using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace TensorLogic.Backends.Gpu.Relational;

public sealed partial class DeviceRelations
{
    private static readonly MethodInfo MarkFirstOfRunKernel = Kernel(nameof(RelationKernels.MarkFirstOfRun));
    private static readonly MethodInfo MarkAbsentKernel = Kernel(nameof(RelationKernels.MarkAbsent));
    private static readonly MethodInfo CompactKernel = Kernel(nameof(RelationKernels.Compact));
    private static readonly MethodInfo MergeDisjointKernel = Kernel(nameof(RelationKernels.MergeDisjoint));

    /// <summary>The tuples of <paramref name="keep"/> that <paramref name="remove"/> lacks (new − known in semi-naive evaluation).</summary>
    public DeviceRelation Difference(DeviceRelation keep, DeviceRelation remove)
    {
        CheckSameShape(keep, remove);
        lock (Device.Gate)
        {
            if (keep.Count == 0 || remove.Count == 0)
                return Copy(keep);
            using var scratch = new ScratchBuffers(Device, Stream);
            var marks = scratch.Rent<int>(keep.Count, "difference marks");
            Launch(MarkAbsentKernel, keep.Count, keep.Keys, remove.Keys, marks);
            return Compacted(keep.Shape, keep.Keys, marks, scratch);
        }
    }

    /// <summary>The tuples of either relation.</summary>
    public DeviceRelation Union(DeviceRelation first, DeviceRelation second)
    {
        CheckSameShape(first, second);
        lock (Device.Gate)
        {
            using var onlySecond = Difference(second, first);
            return UnionOfDisjoint(first, onlySecond);
        }
    }

    /// <summary>
    /// A running union: <paramref name="next"/> added to <paramref name="soFar"/> (null when nothing is there
    /// yet). Both are given up; the result is the caller's.
    /// </summary>
    public DeviceRelation Accumulate(DeviceRelation? soFar, DeviceRelation next)
    {
        if (soFar is null)
            return next;
        var united = Union(soFar, next);
        soFar.Dispose();
        next.Dispose();
        return united;
    }

    /// <summary>
    /// The union of two relations that share no tuple (the known tuples and a difference from them), by
    /// placing each key directly: no scan and no sort. Shared tuples would collide, so callers must know.
    /// </summary>
    internal DeviceRelation UnionOfDisjoint(DeviceRelation first, DeviceRelation second)
    {
        CheckSameShape(first, second);
        lock (Device.Gate)
        {
            var count = (long)first.Count + second.Count;
            if (count > int.MaxValue)
                throw new DeviceCapacityException($"a union of {count:N0} tuples is more than a device relation holds ({int.MaxValue:N0})");
            var buffer = Device.Memory.Rent<long>(count, "relation keys");
            ArrayView<long> output = buffer.View.SubView(0, count);
            Launch(MergeDisjointKernel, first.Count, first.Keys, second.Keys, output);
            Launch(MergeDisjointKernel, second.Count, second.Keys, first.Keys, output);
            Stream.Synchronize();
            return Wrap(first.Shape, buffer, (int)count);
        }
    }

    /// <summary>
    /// Sorts <paramref name="count"/> keys of <paramref name="buffer"/> in place and keeps one of each: the
    /// relation they denote. Takes the buffer over (it becomes the result's, or goes back to the pool).
    /// </summary>
    internal DeviceRelation SortUnique(RelationShape shape, MemoryBuffer1D<long, Stride1D.Dense> buffer, int count)
    {
        lock (Device.Gate)
        {
            if (count <= 1)
                return Wrap(shape, buffer, count);
            ArrayView<long> keys = buffer.View.SubView(0, count);
            using var scratch = new ScratchBuffers(Device, Stream);
            var sorter = _algorithms.Sorter(shape.Cells);
            sorter.SortKeys(Stream, keys, scratch.Rent<int>(sorter.KeysScratch(count), "sort scratch"));
            var marks = scratch.Rent<int>(count, "duplicate marks");
            Launch(MarkFirstOfRunKernel, count, keys, marks);
            var result = Compacted(shape, keys, marks, scratch);
            Device.Memory.Return(buffer);
            return result;
        }
    }

    /// <summary>The marked keys, in their order, in a new relation.</summary>
    private DeviceRelation Compacted(RelationShape shape, ArrayView<long> keys, ArrayView<int> marks, ScratchBuffers scratch)
    {
        var count = (int)keys.Length;
        var positions = scratch.Rent<int>(count, "compaction positions");
        _algorithms.PrefixSums.Inclusive(Stream, marks, positions, scratch);
        var kept = ReadAt(positions, count - 1);
        var buffer = Device.Memory.Rent<long>(kept, "relation keys");
        ArrayView<long> output = buffer.View.SubView(0, kept);
        Launch(CompactKernel, count, keys, marks, positions, output);
        return Wrap(shape, buffer, kept);
    }

    private void CheckSameShape(DeviceRelation first, DeviceRelation second)
    {
        CheckOwned(first);
        CheckOwned(second);
        if (!first.Shape.Sizes.SequenceEqual(second.Shape.Sizes))
            throw new ArgumentException($"set operations need relations of one shape, not {first.Shape} and {second.Shape}");
    }
}
