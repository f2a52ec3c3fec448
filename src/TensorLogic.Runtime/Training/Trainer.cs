using System.Collections.Immutable;
using System.Diagnostics;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Differentiation;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// Learns a program's parameters (paper §4): the gradient program is compiled once and added to the
/// program, and each step places a batch of examples and the current parameters in a session, runs it,
/// and hands the gradients to the optimizer. Everything that computes is ordinary Tensor Logic on the
/// chosen engine.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainingRequest _request;
    private readonly BoundProgram _program;
    private readonly LearningSettings _settings;
    private readonly TensorSymbol _loss;
    private readonly GradientProgram _gradients;
    private readonly GradientOptions _options;
    private readonly ExampleSet? _examples;
    private readonly SourceLocation _at;
    private readonly Dictionary<int, StepSession> _sessions = [];
    private readonly List<Parameter> _parameters = [];
    private BoundProgram? _validationProgram;

    /// <summary>How many examples a full-batch step covers, for examples per second: the size of the first index every data tensor of the loss shares, else 1.</summary>
    private int _fullBatch = 1;
    private StepSession? _validation;

    private Trainer(TrainingRequest request, BoundProgram program, LearningSettings settings, TensorSymbol loss,
        GradientProgram gradients, GradientOptions options, ExampleSet? examples, SourceLocation at)
    {
        _options = options;
        _request = request;
        _program = program;
        _settings = settings;
        _loss = loss;
        _gradients = gradients;
        _examples = examples;
        _at = at;
    }

    /// <summary>The learned tensors, with the names of their gradients.</summary>
    public GradientProgram Gradients => _gradients;

    public LearningSettings Settings => _settings;

    /// <summary>Checks the program, its <c>learn</c> statement and the settings, and compiles the gradients; null after reporting why not.</summary>
    public static Trainer? Prepare(TrainingRequest request, DiagnosticBag diagnostics)
    {
        var compiled = Compilation.Compile(request.Sources, request.DataReader, request.SearchPath);
        diagnostics.AddRange(compiled.Diagnostics);
        if (compiled.HasErrors || compiled.Bound is not { } program)
            return null;
        if (program.Learning is not { } learning)
        {
            diagnostics.Report(Catalog.MalformedDirective, null, "the program has no learn statement, so there is nothing to train",
                "add one naming the loss, e.g. 'learn Loss with lr=0.01, epochs=100'");
            return null;
        }
        var settings = learning.Settings.OverriddenBy(request.Overrides).WithDefaults();
        var learned = learning.HasExplicitLearned ? learning.Learned : [.. Learnables.Of(program, learning.Loss, learning.Fixed)];
        if (learned.IsEmpty)
        {
            diagnostics.Report(Catalog.LossIndependent, learning.Location, $"the loss '{learning.Loss.Name}' depends on no tensor that could be learned",
                "a learned tensor has no data and no equations, e.g. 'W : real[4, 8]' read by the loss's equations");
            return null;
        }
        if (settings.Predict is { } predict && settings.Labels is { } labels
            && (predict.Rank == 0 || labels.Rank == 0 || predict.Domains[0] != labels.Domains[0]))
        {
            diagnostics.Report(Catalog.InvalidSettingValue, learning.Location,
                $"predict={predict.Name} and labels={labels.Name} must both be indexed by the example first, as O[e, c] and Y[e, c]",
                "accuracy compares, example by example, the arg-max of the prediction with the label");
            return null;
        }
        var options = new GradientOptions
        {
            Step = settings.StepGradient switch { "straight" => StepGradient.StraightThrough, "sigmoid" => StepGradient.Sigmoid, _ => StepGradient.Zero },
            Temperature = TemperatureTensor,
        };
        var gradients = GradientCompiler.Compile(program, learning.Loss, learned, options, diagnostics);
        if (gradients is null)
            return null;
        ExampleSet? examples = null;
        if (request.ValidationData is not null && settings.Validate > 0)
        {
            diagnostics.Report(Catalog.InvalidSettingValue, learning.Location, "validate= holds out a share of the examples, and a validation folder was given as well",
                "use one of them: validate=0 with the folder, or no folder");
            return null;
        }
        if (settings.Batch > 0 || settings.Validate > 0 || request.ValidationData is not null)
        {
            examples = ExampleSet.Find(program, compiled.Program, learning.Loss, settings.Examples, learning.Location, diagnostics);
            if (examples is null)
            {
                if (!diagnostics.HasErrors)
                    diagnostics.Report(Catalog.InvalidSettingValue, learning.Location, "batches and a validation split need an example index, and none was found",
                        "name it: examples=e, where e is the index over the examples in the data and the loss");
                return null;
            }
            var store = new TensorStore(program);
            examples.Load(store.Initial);
        }
        var trainer = new Trainer(request, program, settings, learning.Loss, gradients, options, examples, learning.Location);
        trainer._fullBatch = examples?.Count ?? ExampleSet.SharedFirstDomain(program, learning.Loss, fromFiles: false)?.Size ?? 1;
        if (request.ValidationData is { } folder)
        {
            // Checked now, so a missing or misshapen file is reported before any training.
            var validation = Compilation.Compile(request.Sources, examples!.Redirected(request.DataReader, folder), request.SearchPath);
            diagnostics.AddRange(validation.Diagnostics.Where(d => d.IsError));
            if (validation.HasErrors || validation.Bound is null)
                return null;
            trainer._validationProgram = validation.Bound;
        }
        return trainer;
    }

    /// <summary>The scalar the sigmoid relaxation of step reads its temperature from; training anneals it.</summary>
    private const string TemperatureTensor = "StepTemperature";

    public TrainingResult Run(ITrainingObserver observer, DiagnosticBag diagnostics, CancellationToken cancellation = default)
    {
        var seed = (ulong)_settings.Seed!.Value;
        var random = new TrainingRandom(seed);
        InitializeParameters(random.Fork("init"));
        var optimizer = Optimizer.Create(OptimizerSettings());
        var epochs = _settings.Epochs!.Value;
        var schedule = LearningRateSchedule.FromName(_settings.Schedule!, _settings.LearningRate!.Value, _settings.Warmup!.Value,
            _settings.Every!.Value, _settings.Gamma!.Value, _settings.MinLearningRate!.Value)!;
        var plan = _examples is null ? null : new MinibatchPlan(_examples.Count, _settings.Batch!.Value, _settings.Validate!.Value, random.Fork("batches"));
        var log = new TrainingLog();
        var clock = Stopwatch.StartNew();
        var steps = 0;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var rate = schedule.At(epoch - 1, epochs);
            var batches = plan is null ? [null] : plan.Epoch(epoch - 1).Select(b => (int[]?)b).ToList();
            observer.EpochStarted(epoch, epochs, batches.Count);
            double lossSum = 0;
            var counted = 0;
            for (var b = 0; b < batches.Count; b++)
            {
                cancellation.ThrowIfCancellationRequested();
                var (loss, count) = Step(batches[b], Temperature(epoch, epochs));
                if (!double.IsFinite(loss))
                {
                    ReportNonFinite(batches[b], diagnostics);
                    return new TrainingResult(_parameters, log, plan?.Validation.Length ?? 0, Stopped: true);
                }
                if (++steps <= StuckSteps)
                    WatchForStuckParameters(steps, diagnostics);
                optimizer.Step(_parameters, rate);
                lossSum += loss * count;
                counted += count;
                observer.BatchDone(b + 1, loss, count);
            }
            var (validationLoss, accuracy) = _request.ValidationData is not null ? ValidateOnFolder()
                : plan is { Validation.Length: > 0 } ? Validate(plan.Validation)
                : (null, null);
            var summary = new EpochSummary(epoch, batches.Count, lossSum / counted, validationLoss, accuracy, rate, clock.Elapsed.TotalSeconds);
            log.Add(summary);
            observer.EpochDone(summary);
        }
        return new TrainingResult(_parameters, log, _validation?.Examples[0].Shape[0] ?? plan?.Validation.Length ?? 0, Stopped: false);
    }

    private OptimizerSettings OptimizerSettings() => new(
        _settings.Optimizer switch { "sgd" => OptimizerKind.Sgd, "adamw" => OptimizerKind.AdamW, _ => OptimizerKind.Adam },
        _settings.LearningRate!.Value)
    {
        Momentum = _settings.Momentum!.Value,
        Beta1 = _settings.Beta1!.Value,
        Beta2 = _settings.Beta2!.Value,
        Epsilon = _settings.Epsilon!.Value,
        WeightDecay = _settings.WeightDecay!.Value,
        ClipNorm = _settings.ClipNorm ?? 0,
    };

    /// <summary>
    /// The step relaxation's temperature, annealed from temperature= to anneal= over the epochs: geometrically
    /// (a constant factor an epoch), or linearly towards 0, kept above 1e-3 so that σ(1 − σ)/T stays finite.
    /// </summary>
    private double Temperature(int epoch, int epochs)
    {
        var start = _settings.Temperature!.Value;
        var end = _settings.Anneal ?? start;
        if (epochs <= 1 || start == end)
            return start;
        var progress = (epoch - 1) / (double)(epochs - 1);
        return end > 0 ? start * Math.Pow(end / start, progress) : Math.Max(1e-3, start + (end - start) * progress);
    }

    private void InitializeParameters(TrainingRandom random)
    {
        var inits = _program.Learning!.Inits.ToDictionary(i => i.Tensor, i => i);
        foreach (var (tensor, _) in _gradients.Gradients)
        {
            var values = new double[tensor.Shape.Aggregate(1, (a, s) => a * s)];
            if (_request.StartFrom?.TryGetValue(tensor.Name, out var saved) == true && saved.Length == values.Length)
                saved.CopyTo(values, 0);
            else
            {
                var spec = inits.TryGetValue(tensor, out var init)
                    ? new InitSpec(Enum.Parse<InitScheme>(init.Scheme, ignoreCase: true), init.Scale)
                    : Initializer.DefaultFor(tensor.Shape);
                // Each tensor draws from its own stream, so adding a parameter leaves the others' values as they were.
                Initializer.Fill(values, tensor.Shape, spec, random.Fork(tensor.Name));
            }
            _parameters.Add(new Parameter(tensor.Name, tensor.Shape, values));
        }
    }

    /// <summary>One step: the batch's examples and the parameters into the session, then the loss and every gradient.</summary>
    private (double Loss, int Count) Step(int[]? batch, double temperature)
    {
        var step = SessionFor(batch?.Length ?? 0);
        Place(step, batch, temperature);
        var values = step.Session.Evaluate(step.Targets);
        for (var i = 0; i < _parameters.Count; i++)
            values[i + 1].CopyTo(new DenseTensor<double>(_parameters[i].Shape, _parameters[i].Gradient));
        return (values[0].Get([]), batch?.Length ?? _fullBatch);
    }

    private (double? Loss, double? Accuracy) Validate(int[] examples)
    {
        var step = SessionFor(examples.Length);
        Place(step, examples, _settings.Temperature!.Value);
        return Measure(step);
    }

    /// <summary>The examples of the validation folder, read in place of the example files: the session is compiled on them once.</summary>
    private (double? Loss, double? Accuracy) ValidateOnFolder()
    {
        _validation ??= Open(_validationProgram!);
        Place(_validation, null, _settings.Temperature!.Value);
        return Measure(_validation);
    }

    private (double? Loss, double? Accuracy) Measure(StepSession step)
    {
        var loss = step.Session.Evaluate(step.Loss).Get([]);
        if (_settings.Predict is not { } predict || _settings.Labels is not { } labels)
            return (loss, null);
        var predicted = step.Session.Evaluate(step.Program.FindTensor(predict.Name)!).ToDouble();
        var actual = step.Session.Evaluate(step.Program.FindTensor(labels.Name)!).ToDouble();
        return (loss, Accuracy.Of(predicted, actual));
    }

    private void Place(StepSession step, int[]? batch, double temperature)
    {
        var contents = new List<(TensorSymbol, TensorValue)>();
        if (batch is not null)
            contents.AddRange(_examples!.Tensors.Select((t, i) => (step.Examples[i], (TensorValue)_examples.Rows(t, batch))));
        // The parameter arrays themselves: the optimizer changes them only between evaluations, and each step places them again.
        contents.AddRange(_parameters.Select((p, i) => (step.Parameters[i], (TensorValue)new DenseTensor<double>(p.Shape, p.Values))));
        if (step.Temperature is { } t)
            contents.Add((t, new DenseTensor<double>([], [temperature])));
        step.Session.SetData(contents);
    }

    /// <summary>
    /// The program with its gradient equations, compiled with the example domain <paramref name="count"/>
    /// examples large (0: as the data has it), and a session on it; one per batch size.
    /// </summary>
    private StepSession SessionFor(int count)
    {
        if (_sessions.TryGetValue(count, out var cached))
            return cached;
        var reader = count == 0 || _examples is null ? _request.DataReader : _examples.Reader(_request.DataReader, count);
        // The gradient equations are derived again for this batch size: where they declare shapes, those follow the batch.
        var forward = Compilation.Compile(_request.Sources, reader, _request.SearchPath).Bound
            ?? throw new InvalidOperationException("the program does not check with a batch of its examples");
        var diagnostics = new DiagnosticBag();
        var gradients = GradientCompiler.Compile(forward, forward.FindTensor(_loss.Name)!, [.. _gradients.Gradients.Select(g => forward.FindTensor(g.Tensor.Name)!)],
            _options, diagnostics) ?? throw new InvalidOperationException(DiagnosticFormatter.Format(diagnostics.ToSortedArray()));
        var text = gradients.Text + (gradients.Text.Contains(TemperatureTensor) ? $"{TemperatureTensor} : real\n" : "");
        var sources = _request.Sources.Append(new SourceText(text, $"<gradients of {_loss.Name}>"));
        var compiled = Compilation.Compile(sources, reader, _request.SearchPath);
        if (compiled.HasErrors || compiled.Bound is not { } program)
            throw new InvalidOperationException("the program with its gradients does not check:\n" + DiagnosticFormatter.Format(compiled.Diagnostics) + "\n" + text);
        return _sessions[count] = Open(program);
    }

    /// <summary>
    /// A session whose inputs (parameters, examples, temperature) are never folded into constants, with the
    /// loss, the gradients, the predictions and the labels lowered as roots.
    /// </summary>
    private StepSession Open(BoundProgram program)
    {
        var parameters = _parameters.Select(p => p.Name).ToList();
        var examples = _examples?.Tensors.Select(t => t.Name) ?? [];
        var inputs = parameters.Concat(examples).Append(TemperatureTensor).Select(program.FindTensor).OfType<TensorSymbol>();
        var roots = _gradients.Gradients.Select(g => g.Gradient).Append(_loss.Name)
            .Concat(new[] { _settings.Predict?.Name, _settings.Labels?.Name }.OfType<string>())
            .Select(program.FindTensor).OfType<TensorSymbol>();
        var session = new Session(program, _request.Engine, _request.Evaluation, inputs, roots);
        return new StepSession(session, parameters, [.. _gradients.Gradients.Select(g => g.Gradient)], examples, _loss.Name, TemperatureTensor);
    }

    /// <summary>Steps after which a parameter whose gradient was 0 at every one of them is reported.</summary>
    private const int StuckSteps = 3;

    private HashSet<Parameter>? _stuck;

    /// <summary>
    /// A parameter whose whole gradient stays 0 for the first steps usually never moves: it starts at 0 and
    /// every term that reads it is multiplied by another tensor that stays 0 too (two vectors that both start
    /// at 0). One zero step proves nothing: the layer above may start at 0 and move first.
    /// </summary>
    private void WatchForStuckParameters(int step, DiagnosticBag diagnostics)
    {
        _stuck ??= [.. _parameters];
        _stuck.RemoveWhere(p => p.Gradient.Any(g => g != 0));
        if (step < StuckSteps)
            return;
        foreach (var parameter in _parameters.Where(_stuck.Contains))
        {
            var tensor = _program.FindTensor(parameter.Name)!;
            diagnostics.Report(Catalog.NoGradient, tensor.Location,
                $"'{parameter.Name}' got a zero gradient at each of the first {StuckSteps} steps, so gradient descent may never move it",
                parameter.Values.All(v => v == 0)
                    ? $"it starts at 0 (the default for tensors with fewer than two indices); start it randomly: init {parameter.Name} with scheme=normal"
                    : "the loss does not change with it at this point; check the equations that read it");
        }
    }

    /// <summary>TL6015: the first tensor, in evaluation order, that holds a NaN or an infinity, and the equation that computed it.</summary>
    private void ReportNonFinite(int[]? batch, DiagnosticBag diagnostics)
    {
        var session = SessionFor(batch?.Length ?? 0).Session;
        foreach (var equation in session.Program.Strata.SelectMany(s => s.Equations).Where(e => !e.Target.Tensor.IsBoolean))
        {
            var value = session.Evaluate(equation.Target.Tensor).ToDouble();
            var bad = Array.FindIndex(value.Data, 0, value.Shape.Aggregate(1, (a, s) => a * s), v => !double.IsFinite(v));
            if (bad < 0)
                continue;
            diagnostics.Report(Catalog.NonFiniteLoss, equation.Location,
                $"the loss '{_loss.Name}' is not finite: '{equation.Target.Tensor.Name}' holds {value.Data[bad]} (element {bad}), computed by this equation",
                "lower the learning rate (lr=), clip the gradients (clip=), or guard logs and divisions against 0");
            return;
        }
        diagnostics.Report(Catalog.NonFiniteLoss, _at, $"the loss '{_loss.Name}' is not finite", "lower the learning rate (lr=) or clip the gradients (clip=)");
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
            session.Dispose();
        _validation?.Dispose();
    }
}
