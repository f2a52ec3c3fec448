using System.Numerics;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>Element-wise comparison with a tolerance relative to the magnitude of the expected value (at least 1).</summary>
internal static class ContractionAssert
{
    public static double Tolerance<T>() => typeof(T) == typeof(float) ? 1e-4 : 1e-10;

    public static void Close<T>(double[] expected, T[] actual, double factor = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        var tolerance = Tolerance<T>();
        for (var i = 0; i < expected.Length; i++)
        {
            var want = expected[i] * factor;
            var got = double.CreateTruncating(actual[i]);
            if (!(Math.Abs(want - got) <= tolerance * Math.Max(1, Math.Abs(want))))
                Assert.Fail($"{typeof(T).Name} element {i}: expected {want}, got {got}");
        }
    }
}
