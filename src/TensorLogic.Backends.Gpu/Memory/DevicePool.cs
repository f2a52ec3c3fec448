using ILGPU;
using ILGPU.Runtime;

namespace TensorLogic.Backends.Gpu.Memory;

/// <summary>
/// The caching allocator: device buffers are kept after use and handed out again for requests of the same
/// size class (powers of two), because allocating device memory synchronizes the device and costs far more
/// than a kernel. When the device is full the cache is released and the allocation tried once more; if it
/// still fails the caller hears which tensor needed how much.
/// </summary>
/// <param name="capacity">Bytes the pool may hold; by default the device's memory (the host's, unbounded here, for the CPU accelerator).</param>
internal sealed class DevicePool(Accelerator accelerator, long? capacity = null)
{
    private readonly long _capacity = capacity ?? (accelerator.AcceleratorType == AcceleratorType.CPU ? long.MaxValue : accelerator.MemorySize);

    private readonly Dictionary<(Type Element, long Capacity), Stack<MemoryBuffer>> _free = [];

    /// <summary>Bytes held by buffers in use and in the cache.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>A buffer of at least <paramref name="length"/> elements (contents undefined) for <paramref name="purpose"/>.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Rent<T>(long length, string purpose)
        where T : unmanaged
    {
        var capacity = SizeClass(Math.Max(length, 1));
        if (_free.TryGetValue((typeof(T), capacity), out var stack) && stack.Count > 0)
            return (MemoryBuffer1D<T, Stride1D.Dense>)stack.Pop();
        var bytes = capacity * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        try
        {
            return Allocate<T>(capacity, bytes);
        }
        catch (Exception e) when (e is AcceleratorException or OutOfMemoryException or InvalidOperationException)
        {
            Release();
            try
            {
                return Allocate<T>(capacity, bytes);
            }
            catch (Exception again) when (again is AcceleratorException or OutOfMemoryException or InvalidOperationException)
            {
                throw new DeviceMemoryException(purpose, bytes, accelerator, _capacity);
            }
        }
    }

    public void Return<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer)
        where T : unmanaged
    {
        var key = (typeof(T), buffer.Length);
        if (!_free.TryGetValue(key, out var stack))
            _free[key] = stack = new Stack<MemoryBuffer>();
        stack.Push(buffer);
    }

    /// <summary>Frees every cached buffer (not those in use).</summary>
    public void Release()
    {
        foreach (var stack in _free.Values)
        {
            while (stack.Count > 0)
            {
                var buffer = stack.Pop();
                HeldBytes -= buffer.LengthInBytes;
                buffer.Dispose();
            }
        }
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(long capacity, long bytes)
        where T : unmanaged
    {
        if (HeldBytes + bytes > _capacity)
            throw new OutOfMemoryException();
        var buffer = accelerator.Allocate1D<T>(capacity);
        HeldBytes += bytes;
        return buffer;
    }

    private static long SizeClass(long length)
    {
        var capacity = 256L;
        while (capacity < length)
            capacity <<= 1;
        return capacity;
    }
}

/// <summary>A tensor does not fit in the device's memory; reported with the tensor's name and size.</summary>
public sealed class DeviceMemoryException(string purpose, long bytes, Accelerator accelerator, long capacity)
    : Exception($"out of device memory: {purpose} needs {bytes:N0} bytes on {accelerator.Name}, whose pool holds at most {capacity:N0}")
{
    public string Purpose { get; } = purpose;

    public long Bytes { get; } = bytes;
}
