using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// Keeps tensors on the device between kernels of one session: an input is uploaded when its host value has
/// no current mirror on this device, a result is left on the device with the host copy filled on first read.
/// Tracks the session's mirrors so that ending the session gives their memory back.
/// </summary>
internal sealed class DeviceResidency(GpuDevice device)
{
    private readonly HashSet<GpuMirror> _live = [];

    /// <summary>Host-to-device copies made, and their bytes (for <c>--profile</c>).</summary>
    public long Uploads { get; private set; }

    public long UploadedBytes { get; private set; }

    /// <summary>Device-to-host copies: values the host read (answers, host-side combinations).</summary>
    public long Downloads { get; private set; }

    public long DownloadedBytes { get; private set; }

    /// <summary>The device copy of <paramref name="value"/>, uploaded unless a current one is attached.</summary>
    public GpuMirror Resident(DenseTensor<float> value, string name, ILGPU.Runtime.AcceleratorStream stream)
    {
        if (value.Mirror is GpuMirror mirror && mirror.Device == device && !mirror.IsReleased && value.MirrorVersion == value.Version)
            return mirror;
        var uploaded = Create(value.Length, name);
        uploaded.View.CopyFromCPU(stream, value.Data);
        value.Attach(uploaded, hostStale: false);
        Uploads++;
        UploadedBytes += value.Length * sizeof(float);
        return uploaded;
    }

    /// <summary>A device buffer for a result of <paramref name="length"/> elements, to attach to its host tensor.</summary>
    public GpuMirror Create(long length, string name)
    {
        var mirror = new GpuMirror(device, device.Memory.Rent<float>(length, name), length, released => _live.Remove(released), Downloaded);
        _live.Add(mirror);
        return mirror;
    }

    private void Downloaded(long elements)
    {
        Downloads++;
        DownloadedBytes += elements * sizeof(float);
    }

    /// <summary>The session ended: every mirror's memory goes back (host values are not read after this).</summary>
    public void Release()
    {
        foreach (var mirror in _live.ToList())
            mirror.Release();
    }
}
