using System.Text;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// The random numbers of training: xoshiro256** (Blackman and Vigna, https://prng.di.unimi.it/) seeded
/// through SplitMix64. The algorithm is written out here rather than taken from <see cref="Random"/>,
/// whose algorithm .NET may change between versions, so that a seed gives the same initial weights and
/// batch orders on every runtime, forever.
/// </summary>
/// <remarks>
/// Each use of randomness takes its own stream from <see cref="Fork"/>: drawing one more initial weight
/// then cannot shift every later batch order, which would make runs hard to compare.
/// </remarks>
public sealed class TrainingRandom
{
    // 2^-53: a 53-bit integer times this is a double in [0, 1) with every value equally likely.
    private const double UnitScale = 1.0 / (1UL << 53);

    private ulong _s0, _s1, _s2, _s3;

    // Box–Muller makes normal samples in pairs; the second waits here for the next call.
    private double? _spareNormal;

    public TrainingRandom(ulong seed)
    {
        Seed = seed;
        // SplitMix64 spreads any seed, 0 included, over the whole state, which xoshiro needs to be non-zero.
        var mixer = seed;
        _s0 = SplitMix64(ref mixer);
        _s1 = SplitMix64(ref mixer);
        _s2 = SplitMix64(ref mixer);
        _s3 = SplitMix64(ref mixer);
    }

    /// <summary>A negative seed means its two's-complement bits, so -1 and <see cref="ulong.MaxValue"/> agree.</summary>
    public TrainingRandom(int seed)
        : this(unchecked((ulong)(long)seed))
    {
    }

    /// <summary>The seed this stream started from; forks derive theirs from it.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// A stream for one purpose ("init", "batches", "epoch 3"), independent of this one and of other
    /// purposes. It depends only on <see cref="Seed"/> and <paramref name="purpose"/>, not on how much of
    /// this stream has been drawn, so the same purpose always gives the same stream.
    /// </summary>
    public TrainingRandom Fork(string purpose)
    {
        // Mixing again after combining keeps related seeds (1, 2, …) and purposes from giving related streams.
        var mixer = Seed ^ StableHash(purpose);
        return new TrainingRandom(SplitMix64(ref mixer));
    }

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits (the low bits of xoshiro are its weakest).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * UnitScale;

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        // Lemire's multiply-and-reject: the high half of a 32×32-bit product is uniform once the few low
        // halves that would favour some results (fewer than 2^32 mod range of them) are rejected.
        var range = (uint)maxExclusive;
        var threshold = (0u - range) % range;
        while (true)
        {
            var product = (NextUInt64() >> 32) * range;
            if ((uint)product >= threshold)
                return (int)(product >> 32);
        }
    }

    /// <summary>A standard normal sample, N(0, 1), by the Box–Muller transform.</summary>
    public double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        var angle = 2.0 * Math.PI * NextDouble();
        _spareNormal = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }

    /// <summary>Puts <paramref name="items"/> in a uniformly random order (Fisher–Yates).</summary>
    public void Shuffle(Span<int> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // FNV-1a over UTF-8: string.GetHashCode is randomized per process, and a fork must be the same in every run.
    private static ulong StableHash(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
            hash = (hash ^ b) * 0x100000001B3UL;
        return hash;
    }
}
