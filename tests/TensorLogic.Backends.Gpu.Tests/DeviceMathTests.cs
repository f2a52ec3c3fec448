using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Gpu.Tests;

/// <summary>
/// The device's max and min (written out because ILGPU turns Math.Max into max.f32, which ignores a NaN)
/// agree bit for bit with the shared accumulation on NaN, signed zeros and infinities.
/// </summary>
public class DeviceMathTests
{
    [Fact]
    public void The_device_max_and_min_are_the_shared_accumulation()
    {
        float[] values = [float.NaN, float.NegativeInfinity, -2.5f, -0f, 0f, 1f, 3.5f, float.PositiveInfinity];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(Accumulation<float>.Combine(Aggregation.Max, a, b)),
                    BitConverter.SingleToInt32Bits(DeviceMath.Maximum(a, b)));
                Assert.Equal(BitConverter.SingleToInt32Bits(Accumulation<float>.Combine(Aggregation.Min, a, b)),
                    BitConverter.SingleToInt32Bits(DeviceMath.Minimum(a, b)));
            }
        }
    }
}
