namespace TensorLogic.Tlc.Training;

/// <summary>
/// What a training run shows while it runs. The trainer calls, in order: for each epoch
/// <see cref="StartEpoch"/>, <see cref="Batch"/> once per batch and <see cref="EndEpoch"/>; then
/// <see cref="Finish"/> once. Dispose it in any case (a <c>using</c>): a run that fails between epochs
/// must still give the terminal back.
/// </summary>
/// <remarks>
/// Two displays, chosen by <see cref="Create"/>: live progress bars for a person at a terminal, and one
/// plain line per epoch for a file, a pipe or a test, which scripts can parse (<see cref="ProgressLines"/>).
/// </remarks>
internal abstract class TrainingProgress : IDisposable
{
    /// <summary>An epoch begins. Epochs are counted from 1; <paramref name="batches"/> is how many it has.</summary>
    public abstract void StartEpoch(int epoch, int epochs, int batches);

    /// <summary>
    /// Batch number <paramref name="batch"/> (from 1) of the current epoch is done; <paramref name="loss"/>
    /// is its mean loss over its <paramref name="examples"/> examples.
    /// </summary>
    public abstract void Batch(int batch, double loss, int examples);

    /// <summary>The current epoch is done, validation included.</summary>
    public abstract void EndEpoch(EpochProgress summary);

    /// <summary>Training is over; prints the closing lines and ends any live display.</summary>
    public abstract void Finish(TrainingSummary summary);

    /// <summary>Ends any live display without a closing line (training failed or was cancelled).</summary>
    public virtual void Dispose()
    {
    }

    /// <summary>
    /// The display for <paramref name="output"/>: live bars when it is a terminal, plain lines otherwise.
    /// Colors only on a terminal, and never when <paramref name="noColor"/> (NO_COLOR is set, or the user
    /// asked): the bars then move without color. Tests pass the two facts instead of letting them be detected.
    /// </summary>
    public static TrainingProgress Create(TextWriter output, bool isTerminal, bool noColor) =>
        isTerminal ? new LiveTrainingProgress(output, color: !noColor) : new PlainTrainingProgress(output);

    /// <summary>The display for one of the console's own writers, deciding terminal and color as a user expects.</summary>
    public static TrainingProgress ForConsole(TextWriter output) =>
        Create(output, IsTerminal(output), NoColorRequested());

    /// <summary>Whether <paramref name="output"/> is the console's stdout or stderr and that stream is not redirected.</summary>
    public static bool IsTerminal(TextWriter output) =>
        (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        || (ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>NO_COLOR set to anything but the empty string turns colors off (https://no-color.org).</summary>
    public static bool NoColorRequested() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
