namespace TensorLogic.Runtime.Training;

/// <summary>
/// One epoch of training as the log records it. <see cref="TrainLoss"/> is the mean over the epoch's batches;
/// the validation figures are null when nothing is held out (or accuracy does not apply, as for regression).
/// <see cref="LearningRate"/> is the rate of the epoch's last step; <see cref="ElapsedSeconds"/> counts from
/// the start of training.
/// </summary>
public sealed record EpochSummary(
    int Epoch,
    int Steps,
    double TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    double ElapsedSeconds);
