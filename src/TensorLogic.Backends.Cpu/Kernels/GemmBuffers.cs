using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// Per-thread packing buffers, grown on demand and then reused, so a GEMM in steady state allocates nothing.
/// </summary>
/// <remarks>
/// The buffers are pinned managed arrays (pinned object heap) rather than native memory so that they die with
/// their thread instead of leaking; each is over-allocated by one cache line and the pointer handed out is aligned
/// to 64 bytes, as the micro-kernels use aligned vector loads of packed data.
/// </remarks>
internal static unsafe class GemmBuffers<T>
    where T : unmanaged
{
    [ThreadStatic] private static T[]? s_packedA;
    [ThreadStatic] private static T[]? s_packedB;

    /// <summary>A buffer for packed A of at least <paramref name="length"/> elements, valid until this thread's next call.</summary>
    public static T* PackedA(nint length) => Get(ref s_packedA, length);

    /// <summary>A buffer for packed B of at least <paramref name="length"/> elements, valid until this thread's next call.</summary>
    public static T* PackedB(nint length) => Get(ref s_packedB, length);

    private static T* Get(ref T[]? array, nint length)
    {
        nint needed = length + 64 / sizeof(T);
        if (array is null || array.Length < needed)
            array = GC.AllocateUninitializedArray<T>(checked((int)needed), pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (T*)((start + 63) & ~(nint)63);
    }
}
