using ILGPU;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// Reductions across one group's threads through shared memory (the group size a power of two, at most
/// <see cref="MaxGroup"/>): every thread passes its value and every thread gets the result.
/// </summary>
public static class GroupReductions
{
    public const int MaxGroup = 256;

    public static float Sum(float value)
    {
        var shared = SharedMemory.Allocate<float>(MaxGroup);
        var t = Group.IdxX;
        shared[t] = value;
        Group.Barrier();
        for (var half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (t < half)
                shared[t] += shared[t + half];
            Group.Barrier();
        }
        var total = shared[0];
        // Everyone has read the total before the memory is used again.
        Group.Barrier();
        return total;
    }

    public static float Max(float value)
    {
        var shared = SharedMemory.Allocate<float>(MaxGroup);
        var t = Group.IdxX;
        shared[t] = value;
        Group.Barrier();
        for (var half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (t < half)
                shared[t] = MathF.Max(shared[t], shared[t + half]);
            Group.Barrier();
        }
        var total = shared[0];
        Group.Barrier();
        return total;
    }
}
