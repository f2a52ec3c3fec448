using System.CommandLine;
using System.Globalization;
using TensorLogic.Backends.Gpu.Memory;
using TensorLogic.Compiler.Loading;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Training;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Tlc.Training;


namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc train FILE</c>: learns the tensors of a program with a <c>learn</c> statement, with options that
/// override its settings; shows progress, then the final loss and accuracy, and saves what was asked
/// (<c>--save DIR</c> the learned tensors as .npy, <c>--log</c> a CSV per epoch, <c>--plot</c> the loss curve).
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var file = FileArguments.One("The program to train; its learn statement names the loss");
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training examples", HelpName = "N" };
        var lr = new Option<double?>("--lr") { Description = "Learning rate", HelpName = "RATE" };
        var optimizer = new Option<string?>("--optimizer") { Description = "sgd, adam or adamw", HelpName = "NAME" };
        optimizer.AcceptOnlyFromAmong("sgd", "adam", "adamw");
        var momentum = new Option<double?>("--momentum") { Description = "Momentum of sgd", HelpName = "M" };
        var decay = new Option<double?>("--decay") { Description = "Weight decay", HelpName = "W" };
        var clip = new Option<double?>("--clip") { Description = "Clip the gradients' global norm to this", HelpName = "NORM" };
        var schedule = new Option<string?>("--schedule") { Description = "Learning-rate schedule over the epochs", HelpName = "constant|step|cosine" };
        schedule.AcceptOnlyFromAmong("constant", "step", "cosine");
        var warmup = new Option<int?>("--warmup") { Description = "Epochs of linear warm-up", HelpName = "N" };
        var batch = new Option<int?>("--batch") { Description = "Examples per step (0: all)", HelpName = "N" };
        var validate = new Option<double?>("--validate") { Description = "Share of the examples held out to validate on, e.g. 0.2", HelpName = "FRACTION" };
        var validateWith = new Option<string?>("--validate-with") { Description = "Folder of held-out examples: files named as the program's example files", HelpName = "DIR" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the initialization and the shuffling", HelpName = "N" };
        var step = new Option<string?>("--step") { Description = "Gradient of step: zero, straight (straight-through) or sigmoid", HelpName = "zero|straight|sigmoid" };
        step.AcceptOnlyFromAmong("zero", "straight", "sigmoid");
        var save = new Option<string?>("--save") { Description = "Folder to save the learned tensors in, as .npy files", HelpName = "DIR" };
        var log = new Option<string?>("--log") { Description = "CSV file with one line per epoch", HelpName = "FILE" };
        var plot = new Option<string?>("--plot") { Description = "Picture of the loss curve, .png or .svg", HelpName = "FILE" };
        var parameters = new Option<string?>("--params") { Description = "Start from tensors saved by an earlier --save", HelpName = "DIR" };
        var engines = new EngineChoice("The engine that computes");
        var threads = new Option<int>("--threads") { Description = "CPU threads for the engine (0 = all cores)", DefaultValueFactory = _ => 0, HelpName = "N" }
            .AcceptIntegers(0, OptionRanges.MaxThreads);
        var command = new Command("train", "Learn the tensors of a program by gradient descent on its loss")
        {
            file, epochs, lr, optimizer, momentum, decay, clip, schedule, warmup, batch, validate, validateWith, seed, step, save, log, plot, parameters, engines.Engine, engines.Device, threads,
        };
        engines.ValidateOn(command);
        command.SetAction(result =>
        {
            var overrides = new LearningSettings
            {
                Epochs = result.GetValue(epochs),
                LearningRate = result.GetValue(lr),
                Optimizer = result.GetValue(optimizer),
                Momentum = result.GetValue(momentum),
                WeightDecay = result.GetValue(decay),
                ClipNorm = result.GetValue(clip),
                Schedule = result.GetValue(schedule),
                Warmup = result.GetValue(warmup),
                Batch = result.GetValue(batch),
                Validate = result.GetValue(validate),
                Seed = result.GetValue(seed),
                StepGradient = result.GetValue(step),
            };
            var outputs = new Outputs(result.GetValue(save), result.GetValue(log), result.GetValue(plot), result.GetValue(parameters))
            {
                ValidationData = result.GetValue(validateWith),
            };
            return Run(result.GetValue(file)!, overrides, outputs, engines.Create(result, result.GetValue(threads)), environment);
        });
        return command;
    }

    internal sealed record Outputs(string? Save, string? Log, string? Plot, string? StartFrom)
    {
        public string? ValidationData { get; init; }
    }

    internal static int Run(string path, LearningSettings overrides, Outputs outputs, IEngine engine, CommandEnvironment environment)
    {
        if (EngineChoice.FailsToOpen(engine, environment) is { } exit)
            return exit;
        var diagnostics = Report.Writer(environment);
        try
        {
            return Train(path, overrides, outputs, engine, environment, diagnostics);
        }
        catch (DeviceMemoryException e)
        {
            // Preparing builds the sessions and every step rents device buffers, so either can find the device full.
            diagnostics.Write(DeviceErrors.OutOfMemory(e));
            return Report.Finish(diagnostics, inputUnreadable: false);
        }
    }

    private static int Train(string path, LearningSettings overrides, Outputs outputs, IEngine engine, CommandEnvironment environment, DiagnosticWriter diagnostics)
    {
        if (SourceFiles.Read(path, out var failure) is not { } source)
        {
            diagnostics.Write(failure!);
            return Report.Finish(diagnostics, inputUnreadable: true);
        }
        var bag = new DiagnosticBag();
        // Option names are the settings' names, so the statement's ranges say what each option accepts. A value
        // out of range is a wrong invocation, not a wrong program, so it exits 2 as other usage errors do.
        foreach (var problem in overrides.OutOfRange())
            bag.Report(Catalog.InvalidSettingValue, null, "--" + problem);
        if (bag.HasErrors)
        {
            diagnostics.Write(Report.Sorted(bag));
            return Report.Finish(diagnostics, inputUnreadable: true);
        }
        // Outputs that cannot be written are reported before the training, not after it.
        if (outputs.Plot is { } plotPath)
            LossPlot.CanWrite(plotPath, bag);
        if (outputs.Save is { } saveFolder && File.Exists(saveFolder))
            bag.Report(Catalog.WriteFailed, null, $"cannot save into '{saveFolder}': it is a file, not a folder");
        var start = outputs.StartFrom is { } folder ? ParameterFiles.Load(folder, bag).ToDictionary(p => p.Key, p => p.Value.Values) : null;
        var request = new TrainingRequest([source], DataReaders.Default, engine)
        {
            SearchPath = ProgramLoader.DefaultSearchPath(),
            Overrides = overrides,
            StartFrom = start,
            ValidationData = outputs.ValidationData,
        };
        using var trainer = bag.HasErrors ? null : Trainer.Prepare(request, bag);
        diagnostics.Write(Report.Sorted(bag));
        if (trainer is null)
            return Report.Finish(diagnostics, inputUnreadable: false);

        var runBag = new DiagnosticBag();
        TrainingResult result;
        using (var progress = TrainingProgress.ForConsole(environment.Stdout))
        {
            var observer = new ProgressObserver(progress, trainer.Settings.Epochs!.Value);
            result = trainer.Run(observer, runBag);
            var last = result.Log.Epochs.LastOrDefault();
            var best = result.Log.Epochs.Where(e => e.ValidationLoss is not null).MinBy(e => e.ValidationLoss);
            progress.Finish(new TrainingSummary(result.Log.Epochs.Count, trainer.Settings.Epochs!.Value, last?.TrainLoss ?? double.NaN,
                best?.ValidationLoss, best?.Epoch, TimeSpan.FromSeconds(last?.ElapsedSeconds ?? 0),
                result.Stopped ? $"the loss is not finite (TL6015)" : null));
        }
        if (result.Log.Epochs.LastOrDefault() is { ValidationAccuracy: { } accuracy })
        {
            environment.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"validation accuracy {accuracy * 100:0.0}% ({result.ValidationExamples} held-out examples)"));
        }
        if (!result.Stopped)
        {
            if (outputs.Save is { } dir)
                ParameterFiles.Save(dir, result.Parameters.Select(p => (p.Name, p.Shape, p.Values)), runBag);
            if (outputs.Log is { } csv)
                result.Log.Write(csv, runBag);
            if (outputs.Plot is { } picture)
                LossPlot.Write(picture, [.. result.Log.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss))], runBag);
        }
        diagnostics.Write(Report.Sorted(runBag));
        return Report.Finish(diagnostics, inputUnreadable: false);
    }

    /// <summary>Passes the trainer's epochs and batches to the display, with examples per second.</summary>
    private sealed class ProgressObserver(TrainingProgress progress, int epochs) : ITrainingObserver
    {
        private int _examples;
        private double _started;

        public void EpochStarted(int epoch, int total, int batches)
        {
            _examples = 0;
            progress.StartEpoch(epoch, total, batches);
        }

        public void BatchDone(int batch, double loss, int examples)
        {
            _examples += examples;
            progress.Batch(batch, loss, examples);
        }

        public void EpochDone(EpochSummary summary)
        {
            var seconds = Math.Max(1e-9, summary.ElapsedSeconds - _started);
            _started = summary.ElapsedSeconds;
            progress.EndEpoch(new EpochProgress(summary.Epoch, epochs, summary.TrainLoss, summary.ValidationLoss,
                summary.ValidationAccuracy, summary.LearningRate, TimeSpan.FromSeconds(summary.ElapsedSeconds), _examples / seconds));
        }
    }
}
