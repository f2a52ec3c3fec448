using Spectre.Console;
using Spectre.Console.Rendering;

namespace TensorLogic.Tlc.Training;

/// <summary>
/// A progress column showing the text a bar carries in its <see cref="ProgressTask.Tag"/> (loss,
/// examples per second). The trainer's thread replaces the whole string while the refresh thread reads
/// it, so a reader always sees one complete value.
/// </summary>
internal sealed class StatsColumn(Style style) : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Tag as string ?? "", style);
}
