using TensorLogic.Backends.Gpu.Relational;
using static TensorLogic.Backends.Gpu.Tests.Relational.RelationFixture;

namespace TensorLogic.Backends.Gpu.Tests.Relational;

/// <summary>Sort + unique, difference and union on the device against LINQ's sets.</summary>
public class SetOperationTests
{
    // (shape sizes, tuples): empty, one, all duplicates, small domain (many duplicates), wide keys (high bits set).
    public static TheoryData<int[], int, int> Cases => new()
    {
        { [10], 0, 1 },
        { [10], 1, 2 },
        { [1], 50, 3 },
        { [7, 3], 300, 4 },
        { [1000], 2000, 5 },
        { [int.MaxValue, int.MaxValue, 2], 5000, 6 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Upload_sorts_and_removes_duplicates(int[] sizes, int count, int seed)
    {
        var shape = new RelationShape(sizes);
        var tuples = RandomTuples(shape, count, seed);
        using var relation = Relations.Upload(shape, tuples);
        var expected = SetOf(shape, tuples);
        Assert.Equal(expected.Count, relation.Count);
        AssertSameTuples(expected, relation.ToTuples());
    }

    [Fact]
    public void Keys_with_every_bit_pattern_sort_as_numbers()
    {
        var shape = new RelationShape(1 << 21, 1 << 21, (1 << 21) - 1);
        var random = new Random(7);
        long[] keys = [.. Enumerable.Range(0, 3000).Select(_ => random.NextInt64(shape.Cells)), 0, shape.Cells - 1, 0, 1L << 32, (1L << 32) - 1];
        using var relation = Relations.FromKeys(shape, keys);
        Assert.Equal(keys.Distinct().Order(), relation.ToKeys());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Difference_keeps_what_the_other_lacks(int[] sizes, int count, int seed)
    {
        var shape = new RelationShape(sizes);
        foreach (var otherCount in new[] { 0, 1, count / 2, count * 2 })
        {
            var first = RandomTuples(shape, count, seed);
            // Half drawn from the first relation, so that the two overlap whatever the domain.
            var second = RandomTuples(shape, otherCount, seed + 100).Concat(first.Where((_, i) => i % 2 == 0).Take(otherCount / 2)).ToList();
            using var a = Relations.Upload(shape, first);
            using var b = Relations.Upload(shape, second);
            using var difference = Relations.Difference(a, b);
            var expected = SetOf(shape, first).ExceptBy(second.Select(t => shape.Pack(t)), t => shape.Pack(t));
            AssertSameTuples(expected, difference.ToTuples());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Union_keeps_each_tuple_of_either_once(int[] sizes, int count, int seed)
    {
        var shape = new RelationShape(sizes);
        foreach (var otherCount in new[] { 0, 1, count / 2, count * 2 })
        {
            var first = RandomTuples(shape, count, seed);
            var second = RandomTuples(shape, otherCount, seed + 200).Concat(first.Take(otherCount / 3)).ToList();
            using var a = Relations.Upload(shape, first);
            using var b = Relations.Upload(shape, second);
            using var union = Relations.Union(a, b);
            using var reversed = Relations.Union(b, a);
            var expected = SetOf(shape, first.Concat(second));
            AssertSameTuples(expected, union.ToTuples());
            AssertSameTuples(expected, reversed.ToTuples());
        }
    }

    [Fact]
    public void Relations_of_different_shapes_are_refused()
    {
        using var a = Relations.Upload(new RelationShape(3, 4), [[1, 2]]);
        using var b = Relations.Upload(new RelationShape(4, 3), [[1, 2]]);
        Assert.Throws<ArgumentException>(() => Relations.Union(a, b));
        Assert.Throws<ArgumentException>(() => Relations.Difference(a, b));
    }
}
