using Spectre.Console;
using Spectre.Console.Rendering;

namespace TensorLogic.Tlc.Training;

/// <summary>
/// A line written while the bars are live, erasing them first. Spectre writes it from the top line of the
/// bars and redraws the bars below it, but does not erase what the line leaves uncovered, so a line
/// shorter than the bars would keep their tail (<c>… 0.8 s0:00:03</c>). Erasing to the end of the screen
/// (ESC [ J) is cursor control, not color: it is sent with colors off too.
/// </summary>
internal sealed class LineAboveBars(IRenderable line) : Renderable
{
    private const string EraseToEndOfScreen = "\u001b[J";

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
        line.Render(options, maxWidth).Prepend(Segment.Control(EraseToEndOfScreen));
}
