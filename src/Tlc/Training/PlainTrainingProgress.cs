namespace TensorLogic.Tlc.Training;

/// <summary>
/// Progress for output that is not a terminal: one line per epoch and closing lines, nothing per batch
/// (a log of thousands of batch lines helps no one) and no escape sequences.
/// </summary>
internal sealed class PlainTrainingProgress(TextWriter output) : TrainingProgress
{
    public override void StartEpoch(int epoch, int epochs, int batches)
    {
    }

    public override void Batch(int batch, double loss, int examples)
    {
    }

    public override void EndEpoch(EpochProgress summary) => WriteLine(ProgressLines.Epoch(summary));

    public override void Finish(TrainingSummary summary)
    {
        if (ProgressLines.Stopped(summary) is { } stopped)
            WriteLine(stopped);
        WriteLine(ProgressLines.Done(summary));
    }

    // Flushed per line so that someone following a log file (tail -f) sees each epoch as it ends.
    private void WriteLine(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
