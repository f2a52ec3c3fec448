using System.Globalization;
using System.Text;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// The per-epoch record of a training run, written as CSV for plotting or a spreadsheet:
/// <code>
/// epoch,steps,train_loss,validation_loss,validation_accuracy,learning_rate,elapsed_seconds
/// 1,4,0.6931,0.7,0.5,0.1,0.25
/// 2,8,0.5,,,0.1,0.5
/// </code>
/// Numbers are in their shortest round-trip form in the invariant culture (a point, never a comma, so the
/// columns stay columns); a missing validation figure is an empty field.
/// </summary>
public sealed class TrainingLog
{
    public const string Header = "epoch,steps,train_loss,validation_loss,validation_accuracy,learning_rate,elapsed_seconds";

    private readonly List<EpochSummary> _epochs = [];

    public IReadOnlyList<EpochSummary> Epochs => _epochs;

    public void Add(EpochSummary epoch) => _epochs.Add(epoch);

    /// <summary>The header and one line per epoch, each ending in "\n".</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var e in _epochs)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{e.Epoch},{e.Steps},{Number(e.TrainLoss)},");
            csv.Append(CultureInfo.InvariantCulture, $"{Number(e.ValidationLoss)},{Number(e.ValidationAccuracy)},");
            csv.Append(CultureInfo.InvariantCulture, $"{Number(e.LearningRate)},{Number(e.ElapsedSeconds)}\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <see cref="ToCsv"/> atomically, so that a reader watching the
    /// file during training never sees half a line. Failures are reported as TL5005 at <paramref name="at"/>.
    /// </summary>
    public bool Write(string path, DiagnosticBag diagnostics, SourceLocation? at = null)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ToCsv());
        return AtomicFile.Write(path, stream => stream.Write(bytes), at, diagnostics);
    }

    private static string Number(double? value) => value is { } v ? TableWriter.FormatNumber(v) : "";
}
