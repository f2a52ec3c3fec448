using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// A set of tuples on the device: their packed keys (<see cref="RelationShape"/>), distinct and ascending, in
/// a pooled buffer (8 bytes per tuple). Made by <see cref="DeviceRelations"/>; disposing gives the buffer
/// back to the device's pool.
/// </summary>
public sealed class DeviceRelation : IDisposable
{
    private MemoryBuffer1D<long, Stride1D.Dense>? _buffer;

    // The stream that wrote the keys: reading them on it waits for that work.
    private readonly AcceleratorStream _stream;

    internal DeviceRelation(GpuDevice device, AcceleratorStream stream, RelationShape shape, MemoryBuffer1D<long, Stride1D.Dense> buffer, int count)
    {
        Device = device;
        _stream = stream;
        Shape = shape;
        _buffer = buffer;
        Count = count;
    }

    public GpuDevice Device { get; }

    public RelationShape Shape { get; }

    public int Count { get; }

    /// <summary>The keys, exactly <see cref="Count"/> of them.</summary>
    internal ArrayView<long> Keys
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer is null, this);
            return _buffer.View.SubView(0, Count);
        }
    }

    /// <summary>The keys in ascending order, copied to the host.</summary>
    public long[] ToKeys()
    {
        var keys = new long[Count];
        if (Count == 0)
            return keys;
        lock (Device.Gate)
        {
            Keys.CopyToCPU(_stream, keys);
            _stream.Synchronize();
        }
        return keys;
    }

    /// <summary>The tuples in ascending (lexicographic) order, copied to the host.</summary>
    public List<int[]> ToTuples() => [.. ToKeys().Select(Shape.Unpack)];

    public void Dispose()
    {
        if (_buffer is null)
            return;
        lock (Device.Gate)
            Device.Memory.Return(_buffer);
        _buffer = null;
    }
}
