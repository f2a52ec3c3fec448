using ILGPU;
using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Relational;

namespace TensorLogic.Backends.Gpu.Tests.Relational;

/// <summary>Inclusive scans on the CPU accelerator (ILGPU's below 16,384 elements, chunked from there) against running sums.</summary>
public class PrefixSumTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(5000)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(100_003)]
    public void Inclusive_scans_match_running_sums(int length)
    {
        var relations = RelationFixture.Relations;
        var device = relations.Device;
        var prefixSums = RelationAlgorithms.For(device).PrefixSums;
        var random = new Random(length);
        int[] ints = [.. Enumerable.Range(0, length).Select(_ => random.Next(3))];
        long[] longs = [.. Enumerable.Range(0, length).Select(_ => random.NextInt64(1L << 40))];
        int[] intSums;
        long[] longSums;
        lock (device.Gate)
        {
            using var scratch = new ScratchBuffers(device, relations.Stream);
            var intValues = scratch.Rent<int>(length, "values");
            var intOutput = scratch.Rent<int>(length, "sums");
            var longValues = scratch.Rent<long>(length, "values");
            var longOutput = scratch.Rent<long>(length, "sums");
            intValues.CopyFromCPU(relations.Stream, ints);
            longValues.CopyFromCPU(relations.Stream, longs);
            prefixSums.Inclusive(relations.Stream, intValues, intOutput, scratch);
            prefixSums.Inclusive(relations.Stream, longValues, longOutput, scratch);
            intSums = new int[length];
            longSums = new long[length];
            intOutput.CopyToCPU(relations.Stream, intSums);
            longOutput.CopyToCPU(relations.Stream, longSums);
            relations.Stream.Synchronize();
        }
        Assert.Equal(RunningSums(ints.Select(v => (long)v)).Select(v => (int)v), intSums);
        Assert.Equal(RunningSums(longs), longSums);
    }

    private static IEnumerable<long> RunningSums(IEnumerable<long> values)
    {
        long sum = 0;
        foreach (var value in values)
            yield return sum += value;
    }
}
