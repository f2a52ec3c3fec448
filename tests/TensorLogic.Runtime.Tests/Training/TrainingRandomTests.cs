using TensorLogic.Runtime.Training;

namespace TensorLogic.Runtime.Tests.Training;

public class TrainingRandomTests
{
    // Produced by a direct Python transcription of the reference C code of SplitMix64 and xoshiro256**
    // (prng.di.unimi.it); SplitMix64 from 0 gives 0xE220A8397B1DCDAF there, its published first value.
    [Fact]
    public void A_seed_gives_the_reference_xoshiro256starstar_sequence()
    {
        var random = new TrainingRandom(42UL);
        Assert.Equal(0x15780B2E0C2EC716UL, random.NextUInt64());
        Assert.Equal(0x6104D9866D113A7EUL, random.NextUInt64());
        Assert.Equal(0xAE17533239E499A1UL, random.NextUInt64());
        var zero = new TrainingRandom(0UL);
        Assert.Equal(0x99EC5F36CB75F2B4UL, zero.NextUInt64());
        Assert.Equal(0xBF6E1F784956452AUL, zero.NextUInt64());
    }

    [Fact]
    public void Doubles_are_the_top_53_bits_scaled_to_the_unit_interval()
    {
        var random = new TrainingRandom(42);
        Assert.Equal(0.08386297105988216, random.NextDouble());
        Assert.Equal(0.3789802506626686, random.NextDouble());
        Assert.Equal(0.6800434110281394, random.NextDouble());
    }

    [Fact]
    public void A_negative_int_seed_means_its_twos_complement_bits()
    {
        Assert.Equal(new TrainingRandom(ulong.MaxValue).NextUInt64(), new TrainingRandom(-1).NextUInt64());
        Assert.Equal(ulong.MaxValue, new TrainingRandom(-1).Seed);
    }

    [Fact]
    public void Forks_depend_on_the_seed_and_purpose_not_on_what_the_parent_drew()
    {
        var parent = new TrainingRandom(7);
        var before = parent.Fork("init").NextUInt64();
        parent.NextUInt64();
        parent.NextNormal();
        Assert.Equal(before, parent.Fork("init").NextUInt64());
        Assert.Equal(before, new TrainingRandom(7).Fork("init").NextUInt64());
    }

    [Fact]
    public void Different_purposes_seeds_and_the_parent_give_different_streams()
    {
        var parent = new TrainingRandom(7);
        var first = new[]
        {
            parent.Fork("init").NextUInt64(),
            parent.Fork("batches").NextUInt64(),
            new TrainingRandom(8).Fork("init").NextUInt64(),
            parent.Fork("init").Fork("init").NextUInt64(),
            new TrainingRandom(7).NextUInt64(),
        };
        Assert.Equal(first.Length, first.Distinct().Count());
    }

    [Fact]
    public void Drawing_from_one_fork_does_not_disturb_another()
    {
        var random = new TrainingRandom(3);
        var batches = random.Fork("batches");
        var alone = new TrainingRandom(3).Fork("batches");
        var init = random.Fork("init");
        for (var i = 0; i < 10; i++)
            init.NextNormal();
        Assert.Equal(alone.NextUInt64(), batches.NextUInt64());
    }

    [Fact]
    public void Shuffle_gives_a_permutation_that_moves_things_and_repeats_by_seed()
    {
        var items = Enumerable.Range(0, 50).ToArray();
        new TrainingRandom(11).Shuffle(items);
        Assert.Equal(Enumerable.Range(0, 50), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), items);
        var again = Enumerable.Range(0, 50).ToArray();
        new TrainingRandom(11).Shuffle(again);
        Assert.Equal(items, again);
    }

    [Fact]
    public void Shuffle_reaches_every_order_of_three_about_equally()
    {
        var random = new TrainingRandom(5);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < 6000; i++)
        {
            var items = new[] { 0, 1, 2 };
            random.Shuffle(items);
            var key = string.Concat(items);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(6, counts.Count);
        // Each order expects 1000; a fair shuffle stays within ±15% with overwhelming probability.
        Assert.All(counts.Values, n => Assert.InRange(n, 850, 1150));
    }

    [Fact]
    public void NextInt_stays_in_range_and_hits_both_ends()
    {
        var random = new TrainingRandom(9);
        var seen = new bool[7];
        for (var i = 0; i < 1000; i++)
            seen[random.NextInt(7)] = true;
        Assert.All(seen, hit => Assert.True(hit));
        Assert.Equal(0, random.NextInt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }

    [Fact]
    public void Doubles_are_uniform_in_the_half_open_unit_interval()
    {
        var random = new TrainingRandom(13);
        var sum = 0.0;
        const int n = 100_000;
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            sum += u;
        }
        Assert.InRange(sum / n, 0.495, 0.505);
    }

    [Fact]
    public void Normal_samples_have_mean_zero_and_variance_one()
    {
        var random = new TrainingRandom(17);
        const int n = 100_000;
        double sum = 0, squares = 0;
        var beyondTwo = 0;
        for (var i = 0; i < n; i++)
        {
            var x = random.NextNormal();
            sum += x;
            squares += x * x;
            if (Math.Abs(x) > 2)
                beyondTwo++;
        }
        var mean = sum / n;
        // Standard errors over 100k draws: 0.003 for the mean, 0.0045 for the variance.
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(squares / n - mean * mean, 0.97, 1.03);
        // A normal puts 4.55% of its mass beyond ±2σ; a uniform or a wrong transform would not.
        Assert.InRange(beyondTwo / (double)n, 0.040, 0.051);
    }
}
