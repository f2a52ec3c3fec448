using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Tlc.Training;

namespace TensorLogic.Tlc.Tests.Training;

/// <summary>The loss plot: a real PNG or SVG by extension, written whole or not at all.</summary>
public sealed class LossPlotTests : IDisposable
{
    private static readonly (int Epoch, double TrainLoss, double? ValidationLoss)[] Points =
        [(1, 1.2, 1.3), (2, 0.7, 0.9), (3, 0.45, null), (4, 0.3, 0.5)];

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Writes_a_png()
    {
        var path = Path.Combine(_folder.Path, "loss.png");
        var diagnostics = new DiagnosticBag();

        Assert.True(LossPlot.Write(path, Points, diagnostics));

        Assert.Empty(diagnostics);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > PngSignature.Length);
        Assert.Equal(PngSignature, bytes[..PngSignature.Length]);
        Assert.Equal(["loss.png"], FilesInFolder());
    }

    [Fact]
    public void Writes_an_svg_whatever_the_case_of_its_extension()
    {
        var path = Path.Combine(_folder.Path, "loss.SVG");
        var diagnostics = new DiagnosticBag();

        Assert.True(LossPlot.Write(path, Points, diagnostics));

        Assert.Empty(diagnostics);
        var text = File.ReadAllText(path);
        Assert.True(text.StartsWith("<svg", StringComparison.Ordinal) || text.StartsWith("<?xml", StringComparison.Ordinal), text[..Math.Min(80, text.Length)]);
        Assert.Contains("</svg>", text);
        Assert.Equal(["loss.SVG"], FilesInFolder());
    }

    [Fact]
    public void Replaces_an_earlier_plot()
    {
        var path = _folder.Write("loss.svg", "old");

        Assert.True(LossPlot.Write(path, Points, new DiagnosticBag()));

        Assert.NotEqual("old", File.ReadAllText(path));
        Assert.Equal(["loss.svg"], FilesInFolder());
    }

    [Theory]
    [InlineData("loss.gif")]
    [InlineData("loss")]
    public void Another_extension_is_TL5005_and_writes_nothing(string name)
    {
        var path = Path.Combine(_folder.Path, name);
        var diagnostics = new DiagnosticBag();

        Assert.False(LossPlot.Write(path, Points, diagnostics));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("TL5005", diagnostic.Id);
        Assert.Contains(".png or .svg", diagnostic.Message);
        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public void A_missing_folder_is_TL5005_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_folder.Path, "absent", "loss.png");
        var diagnostics = new DiagnosticBag();

        Assert.False(LossPlot.Write(path, Points, diagnostics));

        Assert.Equal("TL5005", Assert.Single(diagnostics).Id);
        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public void Non_finite_losses_and_an_empty_run_still_give_a_plot()
    {
        var diverged = Path.Combine(_folder.Path, "diverged.svg");
        var empty = Path.Combine(_folder.Path, "empty.png");
        var diagnostics = new DiagnosticBag();

        Assert.True(LossPlot.Write(diverged, [(1, 0.9, null), (2, double.NaN, double.PositiveInfinity)], diagnostics));
        Assert.True(LossPlot.Write(empty, [], diagnostics));

        Assert.Empty(diagnostics);
        Assert.Equal(["diverged.svg", "empty.png"], FilesInFolder());
    }

    // Every file, hidden ones included: a leftover temporary file would be named ".loss.png.<guid>.tmp".
    private string[] FilesInFolder() =>
        [.. Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
