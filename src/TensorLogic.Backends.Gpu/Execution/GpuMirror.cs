using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// A tensor's elements in device memory, attached to the host tensor (<see cref="DenseTensor{T}.Attach"/>):
/// the next kernel that reads the tensor uses this buffer instead of uploading it again, and a result stays
/// here until the host reads it. The buffer goes back to the device's pool when the host value is released.
/// </summary>
internal sealed class GpuMirror : ITensorMirror<float>
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _buffer;
    private readonly Action<GpuMirror> _released;
    private readonly Action<long> _downloaded;

    public GpuMirror(GpuDevice device, MemoryBuffer1D<float, Stride1D.Dense> buffer, long length, Action<GpuMirror> released, Action<long> downloaded)
    {
        Device = device;
        _buffer = buffer;
        _released = released;
        _downloaded = downloaded;
        View = buffer.View.SubView(0, length);
    }

    public GpuDevice Device { get; }

    public ArrayView<float> View { get; }

    public bool IsReleased { get; private set; }

    public void CopyTo(float[] destination)
    {
        ObjectDisposedException.ThrowIf(IsReleased, this);
        lock (Device.Gate)
            View.CopyToCPU(Device.Accelerator.DefaultStream, destination);
        _downloaded(View.Length);
    }

    public long FirstNonFinite()
    {
        ObjectDisposedException.ThrowIf(IsReleased, this);
        lock (Device.Gate)
        {
            var first = Device.Memory.Rent<int>(1, "a finiteness scan");
            try
            {
                var found = first.View.SubView(0, 1);
                found.CopyFromCPU(Device.Accelerator.DefaultStream, [int.MaxValue]);
                Device.Auto<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<int>>>(FirstNonFiniteKernel)(
                    Device.Accelerator.DefaultStream, (int)View.Length, View, found);
                var offset = new int[1];
                found.CopyToCPU(Device.Accelerator.DefaultStream, offset);
                return offset[0] == int.MaxValue ? -1 : offset[0];
            }
            finally
            {
                Device.Memory.Return(first);
            }
        }
    }

    private static readonly System.Reflection.MethodInfo FirstNonFiniteKernel =
        typeof(Kernels.CellKernels).GetMethod(nameof(Kernels.CellKernels.FirstNonFinite))!;

    public void Release()
    {
        lock (Device.Gate)
        {
            if (IsReleased)
                return;
            IsReleased = true;
            Device.Memory.Return(_buffer);
        }
        _released(this);
    }
}
