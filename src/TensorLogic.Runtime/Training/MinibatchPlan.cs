namespace TensorLogic.Runtime.Training;

/// <summary>
/// Which examples train and which are held out, and the order of the training examples in each epoch.
/// Examples are numbered 0 … N-1. The split is drawn once; each epoch's order is drawn from the epoch's
/// number, so it is the same whenever that epoch is asked for (a resumed run sees the batches it would
/// have seen) and different from the other epochs'.
/// </summary>
public sealed class MinibatchPlan
{
    private readonly int _batchSize;
    private readonly TrainingRandom _random;

    /// <summary>
    /// Plans <paramref name="exampleCount"/> examples in batches of <paramref name="batchSize"/> (0, or at
    /// least the number of training examples, means one full batch per epoch) and holds out
    /// round(N × <paramref name="validationFraction"/>) of them, halves rounded up — at least one when the
    /// fraction is above 0, yet never so many that no training example remains (so N = 1 holds none out).
    /// </summary>
    public MinibatchPlan(int exampleCount, int batchSize, double validationFraction, TrainingRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exampleCount);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        if (!(validationFraction is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "the validation fraction must be in [0, 1)");
        _batchSize = batchSize;
        _random = random;
        var ids = Enumerable.Range(0, exampleCount).ToArray();
        random.Fork("validation split").Shuffle(ids);
        var held = ValidationCount(exampleCount, validationFraction);
        // Sorted, so that a loss summed over either set adds its examples in the same order every time.
        Validation = [.. ids[..held].Order()];
        Training = [.. ids[held..].Order()];
    }

    public MinibatchPlan(int exampleCount, int batchSize, double validationFraction, ulong seed)
        : this(exampleCount, batchSize, validationFraction, new TrainingRandom(seed))
    {
    }

    /// <summary>The ids of the training examples, ascending.</summary>
    public int[] Training { get; }

    /// <summary>The ids of the held-out examples, ascending; empty when none are held out.</summary>
    public int[] Validation { get; }

    /// <summary>True when every epoch is one batch of all training examples.</summary>
    public bool IsFullBatch => _batchSize == 0 || _batchSize >= Training.Length;

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>: every training id exactly once, in a random order, cut
    /// into batches of the batch size, the last possibly smaller. A full batch keeps ascending order — the
    /// order changes nothing but the rounding of a sum — so every epoch's loss adds up the same way.
    /// </summary>
    public IEnumerable<int[]> Epoch(int epoch)
    {
        if (Training.Length == 0)
            yield break;
        if (IsFullBatch)
        {
            yield return [.. Training];
            yield break;
        }
        var order = Training.ToArray();
        _random.Fork($"epoch {epoch}").Shuffle(order);
        for (var start = 0; start < order.Length; start += _batchSize)
            yield return order[start..Math.Min(start + _batchSize, order.Length)];
    }

    private static int ValidationCount(int exampleCount, double fraction)
    {
        var count = (int)Math.Round(exampleCount * fraction, MidpointRounding.AwayFromZero);
        if (fraction > 0)
            count = Math.Max(count, 1);
        return Math.Max(0, Math.Min(count, exampleCount - 1));
    }
}
