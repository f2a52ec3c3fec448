using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace TensorLogic.Tlc.Training;

/// <summary>
/// Progress for a person at a terminal: an epoch bar and a batch bar, each with its loss, examples per
/// second and time left, redrawn in place; each finished epoch's line scrolls up above them, so the
/// history stays on screen once the bars are gone.
/// </summary>
/// <remarks>
/// Spectre.Console runs a progress display as a callback, but the trainer calls us one event at a time.
/// So the display runs on a task of its own, whose callback hands back its context and then waits for
/// <see cref="Finish"/> or <see cref="Dispose"/>; meanwhile the trainer's thread updates the bars (which
/// Spectre locks) and Spectre's refresh thread draws them.
/// </remarks>
internal sealed class LiveTrainingProgress : TrainingProgress
{
    private readonly IAnsiConsole _console;
    private readonly bool _color;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display;
    private readonly ProgressContext _context;
    private readonly Stopwatch _epochClock = new();
    private ProgressTask? _epochBar;
    private ProgressTask? _batchBar;
    private int _epoch;
    private int _batches;
    private double _weightedLoss;
    private long _examples;

    public LiveTrainingProgress(TextWriter output, bool color)
    {
        _color = color;
        _console = CreateConsole(output, color);
        (_display, _context) = Start(Bars());
    }

    public override void StartEpoch(int epoch, int epochs, int batches)
    {
        _epoch = epoch;
        _batches = Math.Max(batches, 1);
        _weightedLoss = 0;
        _examples = 0;
        _epochClock.Restart();
        _epochBar ??= _context.AddTask("epoch", maxValue: epochs);
        _epochBar.MaxValue = epochs;
        _epochBar.Description = $"epoch {epoch}/{epochs}";
        _epochBar.Value = epoch - 1;
        // A fresh batch bar per epoch: Spectre estimates the time left from the bar's recent speed, which a
        // bar wound back to zero would spoil.
        if (_batchBar is not null)
            _context.RemoveTask(_batchBar);
        _batchBar = _context.AddTask($"batch 0/{_batches}", maxValue: _batches);
    }

    public override void Batch(int batch, double loss, int examples)
    {
        if (_batchBar is null || _epochBar is null)
            return;
        _weightedLoss += loss * examples;
        _examples += examples;
        var meanLoss = _examples > 0 ? _weightedLoss / _examples : loss;
        var examplesPerSecond = _examples / Math.Max(_epochClock.Elapsed.TotalSeconds, 1e-9);
        _batchBar.Description = $"batch {batch}/{_batches}";
        _batchBar.Tag = ProgressLines.BatchStats(meanLoss, examplesPerSecond);
        _batchBar.Value = batch;
        // The epoch bar moves by fractions of an epoch, so its time left is known from the first batches on.
        _epochBar.Value = _epoch - 1 + (double)Math.Min(batch, _batches) / _batches;
    }

    public override void EndEpoch(EpochProgress summary)
    {
        if (_epochBar is not null)
        {
            _epochBar.Value = summary.Epoch;
            _epochBar.Tag = EpochStats(summary);
        }
        if (_batchBar is not null)
            _batchBar.Value = _batchBar.MaxValue;
        WriteLine(ProgressLines.Epoch(summary), $"epoch {summary.Epoch}/{summary.Epochs}");
    }

    public override void Finish(TrainingSummary summary)
    {
        if (ProgressLines.Stopped(summary) is { } stopped)
            WriteLine(stopped, "stopped early");
        WriteLine(ProgressLines.Done(summary), "done");
        Dispose();
    }

    public override void Dispose()
    {
        if (_finished.TrySetResult())
            _display.GetAwaiter().GetResult();
    }

    private static IAnsiConsole CreateConsole(TextWriter output, bool color) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        // The caller has decided that this is a terminal: a test's writer is one too when it says so.
        Ansi = AnsiSupport.Yes,
        Interactive = InteractionSupport.Yes,
        ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Out = new AnsiConsoleOutput(output),
        // Spectre's enrichers guess from CI variables that there is no terminal; the caller knows better.
        Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
    });

    // Cleared at the end: the epoch lines above them are the record that stays.
    private Progress Bars() => _console.Progress()
        .AutoClear(true)
        .HideCompleted(false)
        .ExcludeVerticalPadding()
        .Columns(
            new TaskDescriptionColumn { Alignment = Justify.Left },
            Bar(),
            new PercentageColumn { Style = Plain, CompletedStyle = Plain },
            new StatsColumn(_color ? new Style(Color.Grey) : Plain),
            new RemainingTimeColumn { Style = _color ? new Style(Color.Blue) : Plain });

    /// <summary>Runs the display on a task of its own and returns that task with the display's context.</summary>
    private (Task Display, ProgressContext Context) Start(Progress bars)
    {
        var started = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var display = Task.Run(async () =>
        {
            try
            {
                await bars.StartAsync(async context =>
                {
                    started.SetResult(context);
                    await _finished.Task;
                });
            }
            catch (Exception e)
            {
                started.TrySetException(e); // a display that failed to start must not leave the constructor waiting
                throw;
            }
        });
        return (display, started.Task.GetAwaiter().GetResult());
    }

    private static Style Plain => Style.Plain;

    private ProgressBarColumn Bar() => _color
        ? new ProgressBarColumn()
        : new ProgressBarColumn { CompletedStyle = Plain, FinishedStyle = Plain, RemainingStyle = Plain };

    private static string EpochStats(EpochProgress summary) =>
        summary.ValidationLoss is { } validation
            ? $"loss {ProgressLines.Loss(summary.TrainLoss)}  val_loss {ProgressLines.Loss(validation)}"
            : $"loss {ProgressLines.Loss(summary.TrainLoss)}";

    // Written through Spectre's console, which draws it above the bars; the leading words stand out in bold
    // when colors are on (bold is an escape too, so not without them).
    private void WriteLine(string line, string lead)
    {
        IRenderable text = _color && line.StartsWith(lead, StringComparison.Ordinal)
            ? new Markup($"[bold]{Markup.Escape(lead)}[/]{Markup.Escape(line[lead.Length..])}\n")
            : new Text(line + "\n", Plain);
        _console.Write(new LineAboveBars(text));
    }
}
