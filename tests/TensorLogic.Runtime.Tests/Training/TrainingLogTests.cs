using System.Globalization;
using TensorLogic.Runtime.Tests.Data;
using TensorLogic.Runtime.Training;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Tests.Training;

public class TrainingLogTests
{
    private const string Expected =
        "epoch,steps,train_loss,validation_loss,validation_accuracy,learning_rate,elapsed_seconds\n" +
        "1,4,0.6931471805599453,0.7,0.5,0.1,0.25\n" +
        "2,8,0.1,,,0.05,1.5\n" +
        "3,12,1E-05,NaN,1,0.025,12\n";

    private static TrainingLog Log()
    {
        var log = new TrainingLog();
        log.Add(new EpochSummary(1, 4, Math.Log(2), 0.7, 0.5, 0.1, 0.25));
        log.Add(new EpochSummary(2, 8, 0.1, null, null, 0.05, 1.5));
        log.Add(new EpochSummary(3, 12, 1e-5, double.NaN, 1.0, 0.025, 12.0));
        return log;
    }

    [Fact]
    public void Csv_has_a_header_and_one_line_per_epoch_with_round_trip_numbers()
    {
        Assert.Equal(Expected, Log().ToCsv());
    }

    [Fact]
    public void Csv_numbers_ignore_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // The tests run with invariant globalization, so a comma culture is made rather than looked up.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal(Expected, Log().ToCsv());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Write_replaces_the_file_with_the_csv()
    {
        using var folder = new TempFolder();
        var path = folder.Write("log.csv", "old content that is longer than the new one would be, or not\n");
        var diagnostics = new DiagnosticBag();
        Assert.True(Log().Write(path, diagnostics));
        Assert.Empty(diagnostics);
        Assert.Equal(Expected, File.ReadAllText(path));
        Assert.Equal(["log.csv"], folder.FileNames());
    }

    [Fact]
    public void Write_into_a_missing_folder_is_reported()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticBag();
        Assert.False(Log().Write(folder.File("no/such/log.csv"), diagnostics));
        Assert.Equal("TL5005", Assert.Single(diagnostics).Id);
    }
}
