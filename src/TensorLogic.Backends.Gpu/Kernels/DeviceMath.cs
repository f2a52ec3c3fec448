using ILGPU;

namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
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

    private static bool IsNegative(float value) => (int)Interop.FloatAsInt(value) < 0;
}
