using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Relational;

namespace TensorLogic.Backends.Gpu.Tests.Relational;

/// <summary>The relational primitives on gpu-cpu, and random data to check them with.</summary>
internal static class RelationFixture
{
    public static DeviceRelations Relations { get; } = new(GpuDevices.Get(GpuBackend.Cpu));

    /// <summary><paramref name="count"/> random tuples of <paramref name="shape"/>, duplicates likely when the shape is small.</summary>
    public static List<int[]> RandomTuples(RelationShape shape, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => shape.Sizes.Select(size => random.Next(size)).ToArray())];
    }

    /// <summary>Distinct tuples in ascending order, as the device returns them.</summary>
    public static List<int[]> SetOf(RelationShape shape, IEnumerable<int[]> tuples) =>
        [.. tuples.Select(t => shape.Pack(t)).Distinct().Order().Select(shape.Unpack)];

    public static void AssertSameTuples(IEnumerable<int[]> expected, IEnumerable<int[]> actual) =>
        Assert.Equal(expected.Select(Text), actual.Select(Text));

    private static string Text(int[] tuple) => $"({string.Join(", ", tuple)})";
}
