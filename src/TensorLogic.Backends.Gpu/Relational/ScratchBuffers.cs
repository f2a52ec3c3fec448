using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;

namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// The scratch buffers of one operation, given back to the device's pool when it ends. The stream is
/// synchronized first, so that no queued kernel still uses a buffer someone else may rent next.
/// </summary>
internal sealed class ScratchBuffers(GpuDevice device, AcceleratorStream stream) : IDisposable
{
    private readonly List<Action> _returns = [];

    /// <summary>Exactly <paramref name="length"/> elements, contents undefined.</summary>
    public ArrayView<T> Rent<T>(long length, string purpose)
        where T : unmanaged
    {
        var buffer = device.Memory.Rent<T>(length, purpose);
        _returns.Add(() => device.Memory.Return(buffer));
        return buffer.View.SubView(0, length);
    }

    public void Dispose()
    {
        stream.Synchronize();
        foreach (var giveBack in _returns)
            giveBack();
    }
}
