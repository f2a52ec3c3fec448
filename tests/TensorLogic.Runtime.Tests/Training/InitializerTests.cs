using System.Collections.Immutable;
using TensorLogic.Runtime.Training;

namespace TensorLogic.Runtime.Tests.Training;

public class InitializerTests
{
    [Theory]
    [InlineData(new int[0], InitScheme.Zeros)]
    [InlineData(new[] { 5 }, InitScheme.Zeros)]
    [InlineData(new[] { 3, 4 }, InitScheme.Xavier)]
    [InlineData(new[] { 8, 3, 5, 5 }, InitScheme.Xavier)]
    public void DefaultFor_gives_zeros_to_biases_and_xavier_to_weights(int[] shape, InitScheme expected)
    {
        Assert.Equal(new InitSpec(expected), Initializer.DefaultFor([.. shape]));
    }

    [Theory]
    [InlineData(new[] { 20, 30 }, 30, 20)]      // W[o, i]: the output axis first
    [InlineData(new[] { 8, 3, 5, 5 }, 75, 200)] // a convolution's receptive field multiplies both
    [InlineData(new[] { 6 }, 6, 6)]
    [InlineData(new int[0], 1, 1)]
    public void Fans_follow_pytorch_with_vectors_and_scalars_counting_their_elements(int[] shape, double fanIn, double fanOut)
    {
        Assert.Equal((fanIn, fanOut), Initializer.Fans([.. shape]));
    }

    [Fact]
    public void Xavier_is_uniform_within_the_glorot_bound()
    {
        var values = Draw([30, 20], new InitSpec(InitScheme.Xavier));
        var bound = Math.Sqrt(6.0 / 50);
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        // 600 uniform draws all inside 90% of the bound would happen with probability 0.9^600.
        Assert.Contains(values, v => Math.Abs(v) > 0.9 * bound);
        Assert.InRange(Variance(values), 0.9 * bound * bound / 3, 1.1 * bound * bound / 3);
    }

    [Fact]
    public void Scale_multiplies_the_xavier_and_he_bounds_exactly()
    {
        var unscaled = Draw([4, 5], new InitSpec(InitScheme.Xavier));
        var doubled = Draw([4, 5], new InitSpec(InitScheme.Xavier, 2.0));
        Assert.Equal(unscaled.Select(v => 2 * v), doubled);
        var he = Draw([4, 5], new InitSpec(InitScheme.He));
        var heHalf = Draw([4, 5], new InitSpec(InitScheme.He, 0.5));
        Assert.Equal(he.Select(v => 0.5 * v), heHalf);
    }

    [Fact]
    public void He_is_normal_with_deviation_from_fan_in()
    {
        var values = Draw([200, 50], new InitSpec(InitScheme.He));
        var deviation = Math.Sqrt(2.0 / 50); // 0.2
        Assert.InRange(values.Average(), -0.01, 0.01);
        Assert.InRange(Math.Sqrt(Variance(values)), 0.97 * deviation, 1.03 * deviation);
    }

    [Theory]
    [InlineData(null, 0.01)]
    [InlineData(0.5, 0.5)]
    public void Normal_has_the_scale_as_deviation(double? scale, double deviation)
    {
        var values = Draw([100, 100], new InitSpec(InitScheme.Normal, scale));
        Assert.InRange(values.Average(), -0.05 * deviation, 0.05 * deviation);
        Assert.InRange(Math.Sqrt(Variance(values)), 0.97 * deviation, 1.03 * deviation);
    }

    [Theory]
    [InlineData(null, 0.05)]
    [InlineData(2.0, 2.0)]
    public void Uniform_has_the_scale_as_half_width(double? scale, double bound)
    {
        var values = Draw([1000], new InitSpec(InitScheme.Uniform, scale));
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.Contains(values, v => v > 0.95 * bound);
        Assert.Contains(values, v => v < -0.95 * bound);
    }

    [Fact]
    public void Zeros_overwrites_whatever_was_there()
    {
        var values = new[] { 1.0, 2.0, 3.0 };
        Initializer.Fill(values, [3], new InitSpec(InitScheme.Zeros, 5.0), new TrainingRandom(1));
        Assert.Equal([0.0, 0.0, 0.0], values);
    }

    [Fact]
    public void Xavier_on_a_vector_uses_its_length_for_both_fans()
    {
        var values = Draw([6], new InitSpec(InitScheme.Xavier));
        var bound = Math.Sqrt(6.0 / 12);
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.Contains(values, v => v != 0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_values_and_another_seed_others()
    {
        var spec = new InitSpec(InitScheme.He);
        Assert.Equal(Draw([3, 4], spec, seed: 5), Draw([3, 4], spec, seed: 5));
        Assert.NotEqual(Draw([3, 4], spec, seed: 5), Draw([3, 4], spec, seed: 6));
    }

    [Fact]
    public void A_length_that_does_not_match_the_shape_is_a_bug()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Initializer.Fill(new double[5], [2, 3], new InitSpec(InitScheme.Zeros), new TrainingRandom(1)));
        Assert.StartsWith("shape [2, 3] has 6 elements but 5 values were given", e.Message);
    }

    private static double[] Draw(ImmutableArray<int> shape, InitSpec spec, ulong seed = 1)
    {
        var count = 1;
        foreach (var n in shape)
            count *= n;
        var values = new double[count];
        Initializer.Fill(values, shape, spec, new TrainingRandom(seed));
        return values;
    }

    private static double Variance(double[] values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / values.Length;
    }
}
