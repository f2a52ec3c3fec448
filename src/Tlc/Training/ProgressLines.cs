using System.Globalization;
using System.Text;

namespace TensorLogic.Tlc.Training;

/// <summary>
/// The text of the lines a training run prints, one per epoch and one at the end. Scripts read them from
/// redirected output, so they are stable: the invariant culture, fixed decimals, two spaces between
/// fields, each field a name and a value (absent fields are left out, not printed empty):
/// <c>epoch 3/20  loss 0.4123  val_loss 0.4500  val_acc 91.2%  lr 0.001  1234 ex/s  0.8 s</c>.
/// </summary>
internal static class ProgressLines
{
    private const string Separator = "  ";

    public static string Epoch(EpochProgress epoch)
    {
        var line = new StringBuilder();
        Field(line, $"epoch {epoch.Epoch}/{epoch.Epochs}");
        Field(line, $"loss {Loss(epoch.TrainLoss)}");
        if (epoch.ValidationLoss is { } validationLoss)
            Field(line, $"val_loss {Loss(validationLoss)}");
        if (epoch.ValidationAccuracy is { } accuracy)
            Field(line, $"val_acc {Number(accuracy * 100, "F1")}%");
        Field(line, $"lr {LearningRate(epoch.LearningRate)}");
        Field(line, $"{Number(epoch.ExamplesPerSecond, "F0")} ex/s");
        Field(line, Seconds(epoch.Elapsed));
        return line.ToString();
    }

    public static string Done(TrainingSummary summary)
    {
        var line = new StringBuilder();
        Field(line, "done");
        Field(line, $"epochs {summary.EpochsRun}/{summary.Epochs}");
        Field(line, $"loss {Loss(summary.FinalTrainLoss)}");
        if (summary.BestValidationLoss is { } best)
            Field(line, $"best_val_loss {Loss(best)}");
        if (summary.BestEpoch is { } bestEpoch)
            Field(line, $"best_epoch {bestEpoch}");
        Field(line, Seconds(summary.Elapsed));
        return line.ToString();
    }

    /// <summary>The line before <see cref="Done"/> when training ended early; null when it did not.</summary>
    public static string? Stopped(TrainingSummary summary) =>
        summary.StopReason is { } reason ? $"stopped early: {reason}" : null;

    /// <summary>The running mean loss and throughput shown beside the live batch bar.</summary>
    public static string BatchStats(double meanLoss, double examplesPerSecond) =>
        $"loss {Loss(meanLoss)}{Separator}{Number(examplesPerSecond, "F0")} ex/s";

    public static string Loss(double loss) => Number(loss, "F4");

    // Learning rates span decades (0.1 to 1e-6), so fixed decimals would print most of them as zeros;
    // six significant digits keep a schedule's values distinct and still parse back as a double.
    private static string LearningRate(double rate) => Number(rate, "G6");

    private static string Seconds(TimeSpan elapsed) => $"{Number(elapsed.TotalSeconds, "F1")} s";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Field(StringBuilder line, string field)
    {
        if (line.Length > 0)
            line.Append(Separator);
        line.Append(field);
    }
}
