using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Compiler.Semantics;
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
    private readonly Dictionary<object, MemoryBuffer> _constants = new(ReferenceEqualityComparer.Instance);
    private readonly List<Action> _constantReturns = [];
    private readonly Dictionary<TensorSymbol, (Relation Source, int Count, MemoryBuffer1D<int, Stride1D.Dense> Buffer)> _tuples = [];

    /// <summary>Host-to-device copies made, and their bytes (for <c>--profile</c>).</summary>
    public long Uploads { get; private set; }

    public long UploadedBytes { get; private set; }

    /// <summary>Kernel tables (layouts, programs, masks) on the device, each copied once per session.</summary>
    public int Constants => _constants.Count;

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

    /// <summary>
    /// A host array that never changes once built (a kernel's layout table, a loop program, a mask), on the
    /// device: uploaded on first use and kept for the session, so that repeated calls launch without copies.
    /// </summary>
    public ArrayView<T> Constant<T>(T[] data, string purpose, AcceleratorStream stream)
        where T : unmanaged
    {
        if (_constants.TryGetValue(data, out var known))
            return ((MemoryBuffer1D<T, Stride1D.Dense>)known).View.SubView(0, data.Length);
        var buffer = device.Memory.Rent<T>(data.Length, purpose);
        var view = buffer.View.SubView(0, data.Length);
        if (data.Length > 0)
            view.CopyFromCPU(stream, data);
        _constants[data] = buffer;
        _constantReturns.Add(() => device.Memory.Return(buffer));
        return view;
    }

    /// <summary>
    /// A relation's tuples, row after row: uploaded when the tensor's relation is another object than last
    /// time or has grown (relations only grow in place), so a graph read every training step crosses once.
    /// </summary>
    public (ArrayView<int> Tuples, long Count) Tuples(TensorSymbol tensor, Relation relation, AcceleratorStream stream)
    {
        var count = relation.Count;
        if (_tuples.TryGetValue(tensor, out var known) && ReferenceEquals(known.Source, relation) && known.Count == count)
            return (known.Buffer.View.SubView(0, Math.Max(1, known.Count * tensor.Shape.Length)), known.Count);
        if (known.Buffer is not null)
            device.Memory.Return(known.Buffer);
        var rank = tensor.Shape.Length;
        var packed = new int[Math.Max(1, count * rank)];
        var at = 0;
        foreach (var tuple in relation)
        {
            tuple.CopyTo(packed.AsSpan(at));
            at += rank;
        }
        var buffer = device.Memory.Rent<int>(packed.Length, tensor.Name);
        var view = buffer.View.SubView(0, packed.Length);
        view.CopyFromCPU(stream, packed);
        _tuples[tensor] = (relation, count, buffer);
        Uploads++;
        UploadedBytes += packed.Length * sizeof(int);
        return (view, count);
    }

    /// <summary>The session ended: every mirror's memory goes back (host values are not read after this).</summary>
    public void Release()
    {
        foreach (var giveBack in _constantReturns)
            giveBack();
        foreach (var (_, _, buffer) in _tuples.Values)
            device.Memory.Return(buffer);
        _tuples.Clear();
        _constantReturns.Clear();
        _constants.Clear();
        foreach (var mirror in _live.ToList())
            mirror.Release();
    }
}
