using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// What one kernel call has on the device: the operands it uploaded (each tensor once per call) and the
/// buffers it rented, all given back to the pool when the call ends. Holds the device's gate meanwhile.
/// </summary>
internal sealed class DeviceFrame : IDisposable
{
    private readonly IKernelContext<float> _context;
    private readonly Dictionary<TensorSymbol, ArrayView<float>> _operands = [];
    private readonly List<Action> _returns = [];

    private readonly DeviceResidency _residency;

    public DeviceFrame(GpuDevice device, AcceleratorStream stream, DeviceResidency residency, IKernelContext<float> context)
    {
        Device = device;
        _residency = residency;
        Stream = stream;
        _context = context;
        device.Gate.Enter();
    }

    public GpuDevice Device { get; }

    public AcceleratorStream Stream { get; }

    public IKernelContext<float> Context => _context;

    /// <summary>
    /// A tensor's current value on the device (a relation as 0/1): its mirror when the host has not written it
    /// since, else uploaded once (and kept as its mirror for later kernels).
    /// </summary>
    public ArrayView<float> Operand(TensorSymbol tensor)
    {
        if (!_operands.TryGetValue(tensor, out var view))
            _operands[tensor] = view = _residency.Resident(_context.Dense(tensor), tensor.Name, Stream).View;
        return view;
    }

    /// <summary>A result buffer that outlives the call: attached to the host tensor, it is copied back only when read.</summary>
    public GpuMirror Result(long length, string purpose) => _residency.Create(length, purpose);

    /// <summary>A relation's true tuples on the device, row after row, and how many there are.</summary>
    public (ArrayView<int> Tuples, long Count) Tuples(TensorSymbol relation) =>
        _residency.Tuples(relation, _context.Relation(relation), Stream);

    /// <summary>Makes a buffer computed on the device in this call the operand <paramref name="tensor"/> (a window).</summary>
    public void Provide(TensorSymbol tensor, ArrayView<float> view) => _operands[tensor] = view;

    /// <summary>An uninitialized buffer of at least <paramref name="length"/> elements, given back when the call ends.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Rent<T>(long length, string purpose)
        where T : unmanaged
    {
        var buffer = Device.Memory.Rent<T>(length, purpose);
        _returns.Add(() => Device.Memory.Return(buffer));
        return buffer;
    }

    /// <summary>A zeroed view of exactly <paramref name="length"/> elements.</summary>
    public ArrayView<T> Zeros<T>(long length, string purpose)
        where T : unmanaged
    {
        var view = Rent<T>(length, purpose).View.SubView(0, length);
        view.MemSetToZero(Stream);
        return view;
    }

    /// <summary>A host array that never changes after it is built (a layout table), kept on the device for the session.</summary>
    public ArrayView<T> Constant<T>(T[] data, string purpose)
        where T : unmanaged =>
        _residency.Constant(data, purpose, Stream);

    /// <summary>Host data as a device view for this call (a layout table, a mask).</summary>
    public ArrayView<T> Upload<T>(T[] data, string purpose)
        where T : unmanaged
    {
        var view = Rent<T>(data.Length, purpose).View.SubView(0, data.Length);
        if (data.Length > 0)
            view.CopyFromCPU(Stream, data);
        return view;
    }

    public void Dispose()
    {
        try
        {
            Stream.Synchronize();
            foreach (var giveBack in _returns)
                giveBack();
        }
        finally
        {
            Device.Gate.Exit();
        }
    }
}
