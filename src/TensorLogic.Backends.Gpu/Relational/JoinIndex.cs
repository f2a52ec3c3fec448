using ILGPU;
using ILGPU.Runtime;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// A relation ordered by some of its columns, for joins to look matches up by binary search: each tuple's
/// join key (those columns packed), ascending, and for each the tuple's index in the relation. Built once
/// for a relation that many joins read (the edges, in every round of a closure). It reads the relation's
/// keys, so it must not outlive it.
/// </summary>
public sealed class JoinIndex : IDisposable
{
    private readonly DeviceRelations _owner;
    private MemoryBuffer1D<long, Stride1D.Dense>? _joinKeys;
    private MemoryBuffer1D<int, Stride1D.Dense>? _order;

    internal JoinIndex(
        DeviceRelations owner, DeviceRelation relation, IReadOnlyList<int> columns,
        MemoryBuffer1D<long, Stride1D.Dense> joinKeys, MemoryBuffer1D<int, Stride1D.Dense> order)
    {
        _owner = owner;
        Relation = relation;
        Columns = [.. columns];
        _joinKeys = joinKeys;
        _order = order;
    }

    public DeviceRelation Relation { get; }

    /// <summary>The join columns, in the order they pair with the probing relation's.</summary>
    public IReadOnlyList<int> Columns { get; }

    internal ArrayView<long> SortedJoinKeys => Live(_joinKeys).View.SubView(0, Relation.Count);

    /// <summary>The relation's index of the tuple at each place of <see cref="SortedJoinKeys"/>.</summary>
    internal ArrayView<int> Order => Live(_order).View.SubView(0, Relation.Count);

    private MemoryBuffer1D<T, Stride1D.Dense> Live<T>(MemoryBuffer1D<T, Stride1D.Dense>? buffer)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(buffer is null, this);
        return buffer;
    }

    public void Dispose()
    {
        if (_joinKeys is null || _order is null)
            return;
        lock (_owner.Device.Gate)
        {
            _owner.Stream.Synchronize();
            _owner.Device.Memory.Return(_joinKeys);
            _owner.Device.Memory.Return(_order);
        }
        _joinKeys = null;
        _order = null;
    }
}
