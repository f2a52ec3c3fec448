namespace TensorLogic.Tlc.Training;

/// <summary>What the trainer knows at the end of one epoch; the progress display prints it as one line.</summary>
/// <param name="Epoch">The epoch just finished, counted from 1.</param>
/// <param name="Epochs">How many epochs the run asked for.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's examples.</param>
/// <param name="ValidationLoss">The loss on the validation set, when there is one.</param>
/// <param name="ValidationAccuracy">The fraction (0..1) of validation examples classified right, when it means something.</param>
/// <param name="LearningRate">The learning rate the epoch used (it may follow a schedule).</param>
/// <param name="Elapsed">The epoch's wall-clock time, validation included.</param>
/// <param name="ExamplesPerSecond">Training examples processed per second of the epoch.</param>
internal sealed record EpochProgress(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    TimeSpan Elapsed,
    double ExamplesPerSecond);
