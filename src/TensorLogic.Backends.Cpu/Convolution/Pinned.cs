using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// Arrays on the pinned object heap, for tables and buffers that kernels on the GEMM worker threads read by
/// pointer: a pinned array never moves, so its address can travel in an unmanaged job description.
/// </summary>
internal static unsafe class Pinned
{
    /// <summary>A pinned array of at least one element (so that its address exists), cleared.</summary>
    public static T[] Allocate<T>(int length)
        where T : unmanaged => GC.AllocateArray<T>(Math.Max(1, length), pinned: true);

    /// <summary>A pinned copy of <paramref name="values"/>.</summary>
    public static T[] Copy<T>(IReadOnlyList<T> values)
        where T : unmanaged
    {
        var array = Allocate<T>(values.Count);
        for (var i = 0; i < values.Count; i++)
            array[i] = values[i];
        return array;
    }

    /// <summary>The address of a pinned array's first element.</summary>
    public static T* Address<T>(T[] pinned)
        where T : unmanaged => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
}

/// <summary>
/// A pinned buffer whose first element is aligned to 64 bytes, as the micro-kernels' aligned loads of packed
/// operands require.
/// </summary>
internal sealed unsafe class AlignedBuffer<T>(int length)
    where T : unmanaged
{
    private readonly T[] _array = Pinned.Allocate<T>(length + 64 / sizeof(T));

    public T* Address => (T*)(((nint)Pinned.Address(_array) + 63) & ~(nint)63);
}
