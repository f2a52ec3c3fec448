namespace TensorLogic.Tlc.Training;

/// <summary>What the trainer reports when it stops, whether after the last epoch or early.</summary>
/// <param name="EpochsRun">The epochs actually completed.</param>
/// <param name="Epochs">How many epochs the run asked for.</param>
/// <param name="FinalTrainLoss">The training loss of the last completed epoch.</param>
/// <param name="BestValidationLoss">The lowest validation loss seen, when there was a validation set.</param>
/// <param name="BestEpoch">The epoch of <paramref name="BestValidationLoss"/> (the weights kept, with early stopping).</param>
/// <param name="Elapsed">The whole run's wall-clock time.</param>
/// <param name="StopReason">Why training ended before <paramref name="Epochs"/>, in words (e.g. "no improvement in 5 epochs"); null when it ran them all.</param>
internal sealed record TrainingSummary(
    int EpochsRun,
    int Epochs,
    double FinalTrainLoss,
    double? BestValidationLoss,
    int? BestEpoch,
    TimeSpan Elapsed,
    string? StopReason = null);
