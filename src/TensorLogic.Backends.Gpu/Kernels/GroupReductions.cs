using ILGPU;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>How a group reduction combines two values.</summary>
public interface IReduction
{
    static abstract float Combine(float left, float right);
}

public readonly struct SumReduction : IReduction
{
    public static float Combine(float left, float right) => left + right;
}

public readonly struct MaxReduction : IReduction
{
    public static float Combine(float left, float right) => DeviceMath.Maximum(left, right);
}

/// <summary>
/// Reductions across one group's threads through shared memory (the group size a power of two, at most
/// <see cref="MaxGroup"/>): every thread passes its value and every thread gets the result.
/// </summary>
public static class GroupReductions
{
    public const int MaxGroup = 256;

    public static float Sum(float value) => Reduce<SumReduction>(value);

    public static float Max(float value) => Reduce<MaxReduction>(value);

    private static float Reduce<TReduction>(float value)
        where TReduction : struct, IReduction
    {
        var shared = SharedMemory.Allocate<float>(MaxGroup);
        var t = Group.IdxX;
        shared[t] = value;
        Group.Barrier();
        for (var half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (t < half)
                shared[t] = TReduction.Combine(shared[t], shared[t + half]);
            Group.Barrier();
        }
        var total = shared[0];
        // Everyone has read the total before the memory is used again.
        Group.Barrier();
        return total;
    }
}
