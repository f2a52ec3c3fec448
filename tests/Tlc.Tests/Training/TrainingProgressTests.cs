using System.Text.RegularExpressions;
using TensorLogic.Tlc.Training;

namespace TensorLogic.Tlc.Tests.Training;

/// <summary>
/// The training display: exact, parseable lines when output is not a terminal; live bars on a terminal,
/// with colors only when allowed.
/// </summary>
public sealed partial class TrainingProgressTests
{
    private static readonly EpochProgress First = new(1, 2, 0.41234, 0.45, 0.912, 0.001, TimeSpan.FromSeconds(0.8), 1234.4);
    private static readonly EpochProgress Second = new(2, 2, 0.30001, 0.40004, 0.9375, 0.0005, TimeSpan.FromSeconds(1.26), 987.6);
    private static readonly TrainingSummary Done = new(2, 2, 0.30001, 0.40004, 2, TimeSpan.FromSeconds(2.06));

    [Fact]
    public void Redirected_output_gets_one_line_per_epoch_and_a_closing_line()
    {
        var output = new StringWriter();

        Run(TrainingProgress.Create(output, isTerminal: false, noColor: false), Done);

        Assert.Equal(
            "epoch 1/2  loss 0.4123  val_loss 0.4500  val_acc 91.2%  lr 0.001  1234 ex/s  0.8 s\n"
            + "epoch 2/2  loss 0.3000  val_loss 0.4000  val_acc 93.8%  lr 0.0005  988 ex/s  1.3 s\n"
            + "done  epochs 2/2  loss 0.3000  best_val_loss 0.4000  best_epoch 2  2.1 s\n",
            output.ToString());
    }

    [Fact]
    public void Fields_without_a_value_are_left_out_and_an_early_stop_says_why()
    {
        var output = new StringWriter();
        var progress = TrainingProgress.Create(output, isTerminal: false, noColor: false);

        progress.StartEpoch(1, 10, batches: 1);
        progress.Batch(1, 0.5, 4);
        progress.EndEpoch(new EpochProgress(1, 10, 0.5, null, null, 1e-5, TimeSpan.FromSeconds(0.01), 400));
        progress.Finish(new TrainingSummary(1, 10, 0.5, null, null, TimeSpan.FromSeconds(0.01), "loss is NaN"));

        Assert.Equal(
            "epoch 1/10  loss 0.5000  lr 1E-05  400 ex/s  0.0 s\n"
            + "stopped early: loss is NaN\n"
            + "done  epochs 1/10  loss 0.5000  0.0 s\n",
            output.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Output_that_is_not_a_terminal_has_no_escape_sequences(bool noColor)
    {
        var output = new StringWriter();

        Run(TrainingProgress.Create(output, isTerminal: false, noColor), Done);

        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void A_terminal_with_NO_COLOR_gets_moving_bars_but_no_colors()
    {
        var output = new StringWriter();

        Run(TrainingProgress.Create(output, isTerminal: true, noColor: true), Done);

        var text = output.ToString();
        Assert.Empty(ColorSequence().Matches(text).Select(m => m.Value));
        Assert.Contains("epoch 1/2  loss 0.4123", text);
        Assert.Contains("done  epochs 2/2", text);
    }

    [Fact]
    public void A_terminal_gets_the_epoch_lines_between_the_bars_escape_sequences()
    {
        var output = new StringWriter();

        Run(TrainingProgress.Create(output, isTerminal: true, noColor: false), Done);

        // Spectre wraps lines at the terminal's width, 80 columns for a writer that is not the console.
        var text = AnySequence().Replace(output.ToString(), "");
        Assert.Contains("epoch 1/2  loss 0.4123  val_loss 0.4500  val_acc 91.2%  lr 0.001  1234 ex/s", text);
        Assert.Contains("epoch 2/2  loss 0.3000", text);
        Assert.Contains("done  epochs 2/2", text);
    }

    [Fact]
    public void A_live_display_abandoned_mid_epoch_ends_on_dispose()
    {
        var output = new StringWriter();
        var progress = TrainingProgress.Create(output, isTerminal: true, noColor: true);

        progress.StartEpoch(1, 3, batches: 10);
        progress.Batch(1, 0.9, 8);
        progress.Dispose();
        progress.Dispose(); // a using after an explicit dispose is harmless

        Assert.DoesNotContain("done", output.ToString());
    }

    private static void Run(TrainingProgress progress, TrainingSummary done)
    {
        using (progress)
        {
            foreach (var epoch in new[] { First, Second })
            {
                progress.StartEpoch(epoch.Epoch, epoch.Epochs, batches: 3);
                for (var batch = 1; batch <= 3; batch++)
                    progress.Batch(batch, loss: 1.0 / batch, examples: 32);
                progress.EndEpoch(epoch);
            }
            progress.Finish(done);
        }
    }

    // Select Graphic Rendition (ESC [ ... m): the sequences that set colors and bold. Cursor movement is
    // what a live display is made of, so a display without colors still has those.
    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex ColorSequence();

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnySequence();
}
