using ILGPU;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// Arithmetic whose device form must keep .NET's rules: a float atomic add that survives NaN, and
/// Math.Max and Math.Min as device code. <c>Accumulation&lt;T&gt;.Max</c>/<c>Min</c> are T.Max and T.Min, that is
/// Math.Max and Math.Min, which ILGPU compiles to the device's max.f32 and min.f32: those return the other
/// operand for a NaN. The .NET rules they stand for are spelled out here instead, the device form of that one
/// definition: NaN wins, and +0 is above -0.
/// </summary>
public static class DeviceMath
{
    public static float Maximum(float current, float value)
    {
        if (current != value)
            return float.IsNaN(current) ? current : value < current ? current : value;
        return IsNegative(value) ? current : value;
    }

    public static float Minimum(float current, float value)
    {
        if (current != value)
            return float.IsNaN(current) ? current : current < value ? current : value;
        return IsNegative(current) ? current : value;
    }

    /// <summary>
    /// <paramref name="value"/> added to cell <paramref name="cell"/> atomically, in a compare-and-swap loop that
    /// compares bits. ILGPU's float <c>Atomic.Add</c> never returned on its CPU accelerator once a NaN was
    /// involved (a loop that compares floats: NaN is not equal to itself), so one <c>log</c> of a negative number
    /// hung the gpu-cpu engine; bits of a NaN compare equal. One loop for every device keeps the rule in one place,
    /// at the price of a read before each atomic on CUDA, whose native add would also be correct.
    /// </summary>
    public static void AtomicAdd(ArrayView<float> values, long cell, float value)
    {
        var bits = values.Cast<int>();
        var current = bits[cell];
        while (true)
        {
            var sum = (int)Interop.FloatAsInt(Interop.IntAsFloat((uint)current) + value);
            var seen = Atomic.CompareExchange(ref bits[cell], current, sum);
            if (seen == current)
                return;
            current = seen;
        }
    }

    private static bool IsNegative(float value) => (int)Interop.FloatAsInt(value) < 0;
}
