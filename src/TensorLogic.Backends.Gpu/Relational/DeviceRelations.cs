using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// The relational primitives on one device and stream: upload, sort + unique, set difference and union
/// (<c>DeviceRelations.Sets.cs</c>), and binary joins (<c>DeviceRelations.Join.cs</c>). Every result is a new
/// <see cref="DeviceRelation"/>; inputs are left as they are. Each operation holds the device's gate, and
/// reads back only the sizes it needs to allocate its result; it returns once its result is written, so
/// that a relation may be read on any stream of its device.
/// </summary>
public sealed partial class DeviceRelations
{
    private readonly RelationAlgorithms _algorithms;

    public DeviceRelations(GpuDevice device)
        : this(device, device.Accelerator.DefaultStream)
    {
    }

    public DeviceRelations(GpuDevice device, AcceleratorStream stream)
    {
        Device = device;
        Stream = stream;
        _algorithms = RelationAlgorithms.For(device.Accelerator);
    }

    public GpuDevice Device { get; }

    public AcceleratorStream Stream { get; }

    /// <summary>The set of <paramref name="tuples"/> (duplicates allowed), packed on the host and sorted on the device.</summary>
    /// <exception cref="ArgumentException">A tuple does not fit <paramref name="shape"/>.</exception>
    public DeviceRelation Upload(RelationShape shape, IEnumerable<int[]> tuples) =>
        FromKeys(shape, [.. tuples.Select(t => shape.Pack(t))]);

    /// <summary>The set of <paramref name="keys"/> (any order, duplicates allowed), sorted on the device.</summary>
    public DeviceRelation FromKeys(RelationShape shape, long[] keys)
    {
        foreach (var key in keys)
        {
            if ((ulong)key >= (ulong)shape.Cells)
                throw new ArgumentException($"key {key} is outside a relation of shape {shape} ({shape.Cells} cells)", nameof(keys));
        }
        lock (Device.Gate)
        {
            var buffer = Device.Memory.Rent<long>(keys.Length, "relation keys");
            if (keys.Length > 0)
                buffer.View.SubView(0, keys.Length).CopyFromCPU(Stream, keys);
            return SortUnique(shape, buffer, keys.Length);
        }
    }

    public DeviceRelation Empty(RelationShape shape)
    {
        lock (Device.Gate)
            return Wrap(shape, Device.Memory.Rent<long>(0, "relation keys"), 0);
    }

    private DeviceRelation Wrap(RelationShape shape, MemoryBuffer1D<long, Stride1D.Dense> buffer, int count) =>
        new(Device, Stream, shape, buffer, count);

    /// <summary>Another relation with the same tuples, in its own buffer.</summary>
    public DeviceRelation Copy(DeviceRelation relation)
    {
        CheckOwned(relation);
        lock (Device.Gate)
        {
            var buffer = Device.Memory.Rent<long>(relation.Count, "relation keys");
            if (relation.Count > 0)
            {
                ArrayView<long> target = buffer.View.SubView(0, relation.Count);
                relation.Keys.CopyTo(Stream, in target);
                Stream.Synchronize();
            }
            return Wrap(relation.Shape, buffer, relation.Count);
        }
    }

    private void CheckOwned(DeviceRelation relation)
    {
        if (relation.Device != Device)
            throw new ArgumentException($"a relation on {relation.Device.EngineName} cannot be used on {Device.EngineName}");
    }

    /// <summary>One element of a device array, read once the stream has reached it.</summary>
    private T ReadAt<T>(ArrayView<T> view, long index)
        where T : unmanaged
    {
        var value = new T[1];
        view.SubView(index, 1).CopyToCPU(Stream, value);
        Stream.Synchronize();
        return value[0];
    }

    private static MethodInfo Kernel(string name) => typeof(RelationKernels).GetMethod(name)!;

    // The launchers are typed by the arguments, which must be the kernel's parameter types exactly:
    // ArrayView<T>, not the ArrayView1D<T, Stride1D.Dense> that a buffer's SubView returns.
    private void Launch<T1>(MethodInfo kernel, int threads, T1 a)
        where T1 : struct
    {
        if (threads > 0)
            Device.Auto<Action<AcceleratorStream, Index1D, T1>>(kernel)(Stream, threads, a);
    }

    private void Launch<T1, T2>(MethodInfo kernel, int threads, T1 a, T2 b)
        where T1 : struct
        where T2 : struct
    {
        if (threads > 0)
            Device.Auto<Action<AcceleratorStream, Index1D, T1, T2>>(kernel)(Stream, threads, a, b);
    }

    private void Launch<T1, T2, T3>(MethodInfo kernel, int threads, T1 a, T2 b, T3 c)
        where T1 : struct
        where T2 : struct
        where T3 : struct
    {
        if (threads > 0)
            Device.Auto<Action<AcceleratorStream, Index1D, T1, T2, T3>>(kernel)(Stream, threads, a, b, c);
    }

    private void Launch<T1, T2, T3, T4>(MethodInfo kernel, int threads, T1 a, T2 b, T3 c, T4 d)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
    {
        if (threads > 0)
            Device.Auto<Action<AcceleratorStream, Index1D, T1, T2, T3, T4>>(kernel)(Stream, threads, a, b, c, d);
    }

    /// <summary>
    /// Scratch buffers of one operation, given back to the pool when it ends. The stream is synchronized
    /// first, so that no queued kernel still uses a buffer someone else may rent next.
    /// </summary>
    private sealed class Scratch(DeviceRelations owner) : IDisposable
    {
        private readonly List<Action> _returns = [];

        public ArrayView<T> Rent<T>(long length, string purpose)
            where T : unmanaged
        {
            var buffer = owner.Device.Memory.Rent<T>(length, purpose);
            _returns.Add(() => owner.Device.Memory.Return(buffer));
            return buffer.View.SubView(0, length);
        }

        public void Dispose()
        {
            owner.Stream.Synchronize();
            foreach (var giveBack in _returns)
                giveBack();
        }
    }
}
