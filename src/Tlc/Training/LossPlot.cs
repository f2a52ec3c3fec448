using System.Text;
using ScottPlot;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Tlc.Training;

/// <summary>
/// Draws a training run's loss per epoch (training and, where there is one, validation) into a .png or
/// .svg file, chosen by the extension.
/// </summary>
internal static class LossPlot
{
    private const int Width = 800;
    private const int Height = 500;

    /// <summary>
    /// Writes the plot to <paramref name="path"/>, atomically: a reader never sees half an image, and a
    /// failed write leaves any earlier plot in place. An extension other than .png or .svg, or a file that
    /// cannot be written, is reported as TL5005 and gives false, with no file written.
    /// </summary>
    public static bool Write(
        string path,
        IReadOnlyList<(int Epoch, double TrainLoss, double? ValidationLoss)> points,
        DiagnosticBag diagnostics)
    {
        if (!CanWrite(path, diagnostics))
            return false;
        var format = FormatOf(path)!;
        // Rendered before the file is opened, so that a rendering failure leaves not even a temporary file.
        var bytes = Render(Draw(points), format.Value);
        // Tlc has an AtomicFile of its own for text; the runtime's reports failures as diagnostics.
        return Runtime.Data.AtomicFile.Write(path, stream => stream.Write(bytes), null, diagnostics);
    }

    /// <summary>Whether the extension names a format of the plot (TL5005 if not): checked before training too.</summary>
    public static bool CanWrite(string path, DiagnosticBag diagnostics)
    {
        if (FormatOf(path) is not null)
            return true;
        diagnostics.Report(Catalog.WriteFailed, null,
            $"cannot write '{path}': a loss plot is written as .png or .svg, chosen by the extension");
        return false;
    }

    private static ImageFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ImageFormat.Png,
        ".svg" => ImageFormat.Svg,
        _ => null,
    };

    private static Plot Draw(IReadOnlyList<(int Epoch, double TrainLoss, double? ValidationLoss)> points)
    {
        var plot = new Plot();
        // A diverged epoch's NaN or infinite loss has no place on the axis and would spoil the automatic
        // limits of every other point, so it is left out.
        AddSeries(plot, "training loss", points.Select(p => (p.Epoch, p.TrainLoss)));
        AddSeries(plot, "validation loss", points
            .Where(p => p.ValidationLoss.HasValue)
            .Select(p => (p.Epoch, p.ValidationLoss!.Value)));
        plot.XLabel("epoch");
        plot.YLabel("loss");
        // Epochs are whole numbers; ticks at 1.5 would suggest measurements that do not exist.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void AddSeries(Plot plot, string label, IEnumerable<(int Epoch, double Loss)> series)
    {
        var finite = series.Where(p => double.IsFinite(p.Loss)).ToArray();
        if (finite.Length == 0)
            return;
        var scatter = plot.Add.Scatter(
            finite.Select(p => (double)p.Epoch).ToArray(),
            finite.Select(p => p.Loss).ToArray());
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = finite.Length > 50 ? 0 : 5; // markers on hundreds of epochs only blur the line
    }

    private static byte[] Render(Plot plot, ImageFormat format) => format == ImageFormat.Svg
        ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(plot.GetSvgXml(Width, Height))
        : plot.GetImageBytes(Width, Height, format);
}
