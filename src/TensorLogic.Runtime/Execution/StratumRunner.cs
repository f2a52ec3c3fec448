using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;
using TensorLogic.Runtime.Resources;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// The one schedule of the codebase, driven by the IR only: which strata a demand needs (its dependency
/// cone), and how each runs — once, per step of a virtual index, by semi-naive rounds over delta relations,
/// or as a fixpoint (after a layered sweep for index-shift recursion) until the tolerance or the iteration
/// limit. Kernels come from the <see cref="KernelTable{T}"/>; this class decides when they run and how
/// their results become tensor values (added to data, united for relations, overwritten in loops).
/// It is also the kernels' <see cref="IKernelContext{T}"/>: current values, converted to T once, and
/// result buffers rented from the <see cref="ArrayCache{TElement}"/> (fresh large arrays cost page
/// faults that can exceed the arithmetic).
/// </summary>
public sealed partial class StratumRunner<T> : IProgramRunner, IKernelContext<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TensorStore _store;
    private readonly KernelTable<T> _kernels;
    private readonly EvaluationOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<IrStratum> _evaluated = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TensorSymbol, TensorValue> _synthesized = [];

    // The values this runner gave the store, whose arrays it owns until the store forgets them (Reset).
    private readonly Dictionary<TensorSymbol, TensorValue> _published = [];
    private readonly Dictionary<TensorSymbol, (TensorValue Source, DenseTensor<T> Converted)> _converted = [];
    private readonly Dictionary<TensorSymbol, ImmutableArray<TensorSymbol>> _reads = [];
    private readonly Dictionary<TensorSymbol, IrStratum> _producers = [];
    private readonly Dictionary<IrEquation, EquationProfile> _profile = new(ReferenceEqualityComparer.Instance);

    // Arrays rented from the cache that hold values of this runner; returned when replaced or disposed.
    private readonly HashSet<T[]> _rented = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<int[]> _rentedCounts = new(ReferenceEqualityComparer.Instance);

    // Small arrays this runner gave back, for its next step: the cache keeps only large ones.
    private readonly SmallArrays<T> _small = new();
    private readonly SmallArrays<int> _smallCounts = new();

    public StratumRunner(IrProgram program, TensorStore store, KernelTable<T> kernels, EvaluationOptions options, DiagnosticBag diagnostics)
    {
        Program = program;
        _store = store;
        _kernels = kernels;
        _options = options;
        _diagnostics = diagnostics;
        foreach (var equation in program.Strata.SelectMany(s => s.Equations))
            _reads[equation.Target] = [.. _reads.GetValueOrDefault(equation.Target, []).Union(equation.Reads)];
        foreach (var stratum in program.Strata)
        {
            foreach (var tensor in stratum.Tensors)
                _producers[tensor] = stratum;
        }
        foreach (var stratum in program.Strata.Where(s => s.Kind == StratumKind.Once))
        {
            foreach (var equation in stratum.Equations.Where(e => e.Terms.Any(t => t is ContractionTerm { Fused: not null })))
                _fusable[equation] = stratum;
        }
        // Converting the data to T belongs to setting up, like loading it, not to computing. Data held as
        // weighted tuples is converted only if a kernel that cannot read it cell by cell asks.
        foreach (var tensor in program.Strata.SelectMany(s => s.Equations).SelectMany(e => e.Reads).Distinct())
        {
            if (tensor.IsSynthesized || !store.HasData(tensor) || _reads.ContainsKey(tensor))
                continue;
            if (store.Initial(tensor) is not (Values.Relation or SparseTensor))
                Dense(tensor);
        }
        // Folded strata depend on literals only: computed when first asked for, like any stratum (a costly
        // constant no query reads must not hold up the others), then kept for the runner's life.
        _folded = [.. program.Strata.Where(s => s.IsFolded).SelectMany(s => s.Tensors)];
    }

    /// <summary>A runner of <paramref name="program"/> with the provider's kernels, the reference taking what it declines.</summary>
    /// <param name="fallback">Kernels for what <paramref name="provider"/> declines, before the reference's (a GPU engine's CPU fallback).</param>
    public static StratumRunner<T> Create(IrProgram program, TensorStore store, IKernelProvider<T> provider, EvaluationOptions options, DiagnosticBag diagnostics,
        IKernelProvider<T>? fallback = null) =>
        new(program, store, new KernelTable<T>(provider, options.StrictEngine, fallback), options, diagnostics);

    public IrProgram Program { get; }

    // The kernel's kind is asked for only when the profile is read: naming it costs microseconds, which every
    // fresh session paid on its first evaluation of each equation.
    public IReadOnlyList<EquationProfile> Profile =>
        [.. _profile.Select(p => _profiledKernels.TryGetValue(p.Key, out var kernel) ? p.Value with { Kernel = kernel.Kind } : p.Value)];

    private readonly Dictionary<IrEquation, IEquationKernel<T>> _profiledKernels = new(ReferenceEqualityComparer.Instance);

    public string? EngineSummary => _kernels.Summary;

    public IReadOnlyList<KernelDecline> Declines => _kernels.Declines;

    public void Evaluate(IReadOnlyCollection<TensorSymbol> targets)
    {
        var needed = _readersLeft is null ? Cone(targets) : Unevaluated(targets);
        foreach (var stratum in Program.Strata)
        {
            if (!stratum.Tensors.Any(needed.Contains))
                continue;
            RunOnce(stratum);
        }
    }

    public ReferenceKernel OnDemand(IrEquation equation) => _kernels.OnDemand(equation);

    /// <summary>
    /// The store forgot every computed value (new data). Folded strata read only literals, which did not
    /// change: their values are kept (recomputing them would also make new relation objects, which the
    /// kernels' caches of masks are keyed by).
    /// </summary>
    public void Reset()
    {
        ReleaseValues(keep: _folded);
        _evaluated.RemoveWhere(s => !s.IsFolded);
        // Folded values read only literals: the runner keeps them and gives them back to the store as they were.
        foreach (var tensor in _folded)
        {
            if (_published.TryGetValue(tensor, out var value))
                _store[tensor] = value;
        }
    }

    private void RunOnce(IrStratum stratum)
    {
        if (_evaluated.Contains(stratum))
            return;
        Run(stratum);
        ReportOverflow(stratum);
        // Only a stratum that ran to the end counts as computed: a cancelled or failed one runs again when asked.
        _evaluated.Add(stratum);
        ReleaseReadBy(stratum);
    }

    /// <summary>Runs a stratum's schedule; a resource limit it hits is placed at the equation being computed.</summary>
    private void Run(IrStratum stratum)
    {
        _round = 0;
        try
        {
            RunSchedule(stratum);
        }
        catch (Exception e) when (ResourceGuard.Current is { } guard && guard.Unplaced(e) is { } limit)
        {
            var equation = guard.Computing is { } computing && stratum.Equations.Contains(computing) ? computing : stratum.Equations[0];
            throw limit.At(equation.Location, equation.Target.Name, Progress(stratum) + guard.Progress());
        }
    }

    // The round, iteration or step of the stratum running now, for the progress a limit reports.
    private int _round;

    /// <summary>"in round 12; 'Reach' has 4,096 tuples; ": what a stopped stratum had done.</summary>
    private string Progress(IrStratum stratum)
    {
        var text = new System.Text.StringBuilder();
        if (_round > 0)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"in {(stratum.Kind == StratumKind.Loop ? "step" : "round")} {_round:N0}; ");
        foreach (var tensor in stratum.Tensors.Where(t => t.IsBoolean && !t.IsSynthesized))
        {
            if (_store.IsComputed(tensor) && _store[tensor] is Values.Relation relation)
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"'{tensor.Name}' has {relation.Count:N0} tuples; ");
        }
        return text.ToString();
    }

    private void RunSchedule(IrStratum stratum)
    {
        switch (stratum.Kind)
        {
            case StratumKind.Loop:
                RunLoop(stratum);
                break;
            case StratumKind.SemiNaive:
                RunSemiNaive(stratum, stratum.Recursion!);
                break;
            case StratumKind.MinMax:
                RunMinMax(stratum, stratum.MinMax!);
                break;
            case StratumKind.Fixpoint:
                if (stratum.Layers is { } layers)
                    RunLayers(stratum, layers);
                RunFixpoint(stratum);
                break;
            default:
                foreach (var tensor in Targets(stratum))
                    Publish(tensor, Recompute(tensor, stratum));
                break;
        }
    }

    /// <summary>The tensors the targets depend on through the IR's equations, themselves included.</summary>
    private HashSet<TensorSymbol> Cone(IReadOnlyCollection<TensorSymbol> targets)
    {
        // A training loop asks for the same tensors every step.
        var key = string.Join('\n', targets.Select(t => t.Name));
        if (!_cones.TryGetValue(key, out var cone))
            _cones[key] = cone = DependencyCone.Of(targets, ReadsOf);
        return cone;
    }

    /// <summary>
    /// What computing a tensor reads. A kernel that computes an input in place (<see cref="IFusingKernel"/>:
    /// fused attention's weights) reads what that input's equation reads instead, so the input is computed
    /// only if something else needs it.
    /// </summary>
    private IEnumerable<TensorSymbol> ReadsOf(TensorSymbol tensor)
    {
        if (!_fusable.Keys.Any(e => e.Target == tensor))
            return _reads.GetValueOrDefault(tensor, []);
        return Program.Strata.SelectMany(s => s.Equations).Where(e => e.Target == tensor).SelectMany(ReadsOf).Distinct();
    }

    private IEnumerable<TensorSymbol> ReadsOf(IrEquation equation)
    {
        if (!_fusable.TryGetValue(equation, out var stratum)
            || _kernels.For(equation, stratum).Kernel is not IFusingKernel { ComputedInPlace: { Count: > 0 } inPlace })
            return equation.Reads;
        return equation.Reads.Where(read => !inPlace.Any(p => p.Target == read)).Concat(inPlace.SelectMany(p => p.Reads));
    }

    // The equations of once-strata with a contraction the compiler marked fusable, and their strata.
    private readonly Dictionary<IrEquation, IrStratum> _fusable = new(ReferenceEqualityComparer.Instance);

    private readonly Dictionary<string, HashSet<TensorSymbol>> _cones = [];

    // The tensors of folded strata, whose values a reset keeps (a training loop resets every step).
    private readonly HashSet<TensorSymbol> _folded;

    private static List<TensorSymbol> Targets(IrStratum stratum) => stratum.Equations.Select(e => e.Target).Distinct().ToList();

    // ------------------------------------------------------------------ the schedules

    /// <summary>Repeated sweeps (Gauss–Seidel, in source order) until no element changes by more than the tolerance.</summary>
    private void RunFixpoint(IrStratum stratum)
    {
        var targets = Targets(stratum);
        var pacer = GarbagePacer.Start();
        for (var iteration = 1; iteration <= _options.MaxIterations; iteration++)
        {
            _round = iteration;
            pacer.Round();
            var change = 0.0;
            foreach (var tensor in targets)
            {
                var next = Recompute(tensor, stratum);
                change = Math.Max(change, Difference(tensor, next));
                Publish(tensor, next);
            }
            if (change <= _options.Tolerance)
                return;
        }
        ReportIterationLimit(stratum, null);
    }

    /// <summary>
    /// TL5006: the recursion ran out of iterations, an error unless the partial result was asked for (then a
    /// warning); <paramref name="why"/> names a likely cause.
    /// </summary>
    private void ReportIterationLimit(IrStratum stratum, string? why)
    {
        var tensors = string.Join(", ", stratum.Tensors.Select(t => $"'{t.Name}'"));
        var cause = why is null ? "" : $" ({why})";
        if (_options.AllowPartial)
            _diagnostics.Report(Catalog.IterationLimit with { Severity = DiagnosticSeverity.Warning }, stratum.Equations[0].Location,
                $"{tensors} did not converge within {_options.MaxIterations} iterations; the last values are used, as --allow-partial asks",
                "raise the limit with --max-iterations, or check that the recursion converges" + cause);
        else
            _diagnostics.Report(Catalog.IterationLimit, stratum.Equations[0].Location,
                $"{tensors} did not converge within {_options.MaxIterations} iterations",
                "raise the limit with --max-iterations, check that the recursion converges" + cause + ", or accept the last values with --allow-partial");
    }

    /// <summary>
    /// Index-shift recursion, one layer at a time: each step's equation runs with its layer variable pinned
    /// and its reached cells are written at once (data plus contribution), so later layers read finished ones.
    /// Kernels may ignore the pin and recompute every layer from what is there, which is still a valid step;
    /// the fixpoint afterwards confirms the result in one more sweep.
    /// </summary>
    private void RunLayers(IrStratum stratum, LayerSweep sweep)
    {
        var initial = new Dictionary<TensorSymbol, DenseTensor<T>>();
        foreach (var tensor in Targets(stratum))
        {
            Publish(tensor, Copy(Dense(tensor)));
            initial[tensor] = InitialDense(tensor);
        }
        var pacer = GarbagePacer.Start();
        for (var n = 0; n < sweep.Layers; n++)
        {
            var layer = sweep.Descending ? sweep.Layers - 1 - n : n;
            pacer.Round();
            foreach (var step in sweep.Steps)
            {
                IReadOnlyDictionary<int, int>? pins = step.LayerVariable is { } variable
                    ? new Dictionary<int, int> { [variable.Id] = layer }
                    : n == 0 ? new Dictionary<int, int>() : null;
                if (pins is null)
                    continue;
                var result = Run(step.Equation, stratum, pins);
                var target = (DenseTensor<T>)Value(step.Equation.Target);
                Contributions.WriteReached(target, initial[step.Equation.Target], result, step.Equation.Target.Combination);
                Release(result);
            }
        }
        foreach (var buffer in initial.Values)
            Release(buffer);
    }

    /// <summary>
    /// A virtual-index loop: per step every equation runs against the current state, and the cells each
    /// reaches are overwritten; only the current state is kept ("no memory is allocated for it").
    /// </summary>
    private void RunLoop(IrStratum stratum)
    {
        for (var step = 0; step < stratum.LoopSteps; step++)
        {
            _round = step + 1;
            var results = stratum.Equations
                .Select(e => (e.Target, Result: Run(e, stratum, e.LoopVariable is { } v ? new Dictionary<int, int> { [v.Id] = step } : null)))
                .ToList();
            foreach (var group in results.GroupBy(r => r.Target))
            {
                var groupResults = group.Select(g => g.Result).ToList();
                TensorValue next = group.Key.IsBoolean
                    ? Contributions.Overwrite((Relation)Value(group.Key), groupResults)
                    : Contributions.Overwrite(Copy(Dense(group.Key)), groupResults, group.Key.Combination);
                Publish(group.Key, next);
                foreach (var result in groupResults)
                    Release(result);
            }
        }
    }

    /// <summary>
    /// Semi-naive rounds as the IR spells them: round 0 runs the rules on the relations' data; then, while
    /// some delta is not empty, R⁺ = what the delta rules derive that R lacks, R ∪= R⁺, ΔR = R⁺. When no
    /// rule of a round reads any R (only deltas and other strata: a linear recursion), R ∪= R⁺ happens as R⁺
    /// is derived, which changes no tuple the round derives (see <see cref="NewTuples"/>).
    /// </summary>
    private void RunSemiNaive(IrStratum stratum, SemiNaiveRecursion recursion)
    {
        if (_kernels.ForStratum(stratum) is { } kernel && RunStratumKernel(stratum, recursion, kernel))
            return;
        var relations = recursion.Relations.ToDictionary(r => r.Relation, r => (Relation)Initial(r.Relation).Clone());
        foreach (var (tensor, relation) in relations)
            Publish(tensor, relation);
        var fresh = NewTuples(stratum, stratum.Equations, relations, out var grown);
        var pacer = GarbagePacer.Start();
        while (fresh.Values.Any(d => d.Count > 0))
        {
            _options.Cancellation.ThrowIfCancellationRequested();
            _round++;
            pacer.Round();
            foreach (var relation in recursion.Relations)
            {
                var added = fresh[relation.Relation];
                if (!grown)
                    relations[relation.Relation].UnionWith(added);
                Publish(relation.New, added);
                Publish(relation.Delta, added);
            }
            fresh = NewTuples(stratum, recursion.DeltaEquations, relations, out grown);
        }
    }

    /// <summary>The same rounds on the engine's device, timed as one entry of the profile (under the stratum's first rule).</summary>
    /// <returns>False when the kernel gave up (recorded as a decline): the rounds are then run equation by equation.</returns>
    private bool RunStratumKernel(IrStratum stratum, SemiNaiveRecursion recursion, IStratumKernel<T> kernel)
    {
        var initial = recursion.Relations.ToDictionary(r => r.Relation, r => (Relation)Initial(r.Relation));
        var watch = Stopwatch.StartNew();
        IReadOnlyDictionary<TensorSymbol, Relation> final;
        try
        {
            final = kernel.Run(this, initial, _options.Cancellation);
        }
        catch (StratumKernelDeclinedException e)
        {
            _kernels.GaveUp(stratum, e.Message);
            return false;
        }
        foreach (var relation in recursion.Relations)
            Publish(relation.Relation, final[relation.Relation]);
        var equation = stratum.Equations[0];
        var entry = _profile.GetValueOrDefault(equation)
            ?? new EquationProfile(equation.Location, $"{string.Join(", ", stratum.Tensors.Select(t => t.Name))}: semi-naive stratum", _kernels.EngineName, kernel.Kind, null, 0, TimeSpan.Zero, 0);
        _profile[equation] = entry with { Time = entry.Time + watch.Elapsed, Calls = entry.Calls + 1 };
        return true;
    }

    /// <summary>The tuples the equations derive that the relations do not hold yet, per relation.</summary>
    /// <param name="grown">Whether they were also added to the relations: done when no equation reads a
    /// relation, so that what each derives does not depend on when the others' tuples arrive; the test
    /// "R lacks it" then sees R and the round's tuples so far, as it does when they are kept apart.</param>
    private Dictionary<TensorSymbol, Relation> NewTuples(IrStratum stratum, IReadOnlyCollection<IrEquation> equations, Dictionary<TensorSymbol, Relation> relations, out bool grown)
    {
        var fresh = relations.ToDictionary(r => r.Key, r => new Relation(r.Key.Shape));
        grown = !equations.Any(e => e.Reads.Any(relations.ContainsKey));
        foreach (var equation in equations)
        {
            var known = relations[equation.Target];
            if (TryDerive(equation, stratum, known, fresh[equation.Target], grown))
                continue;
            var result = Run(equation, stratum, null);
            foreach (var (cell, value) in result.Reached())
            {
                if (value > 0 && (grown ? known.Add(cell) : !known.Contains(cell)))
                    fresh[equation.Target].Add(cell);
            }
            Release(result);
        }
        return fresh;
    }

    /// <summary>A tensor's value: its data combined with what each of its equations contributes at the cells it reaches.</summary>
    private TensorValue Recompute(TensorSymbol tensor, IrStratum stratum)
    {
        var equations = stratum.Equations.Where(e => e.Target == tensor).ToList();
        // Rules alone add their tuples to a copy of the data, with no result of every derived tuple first.
        if (tensor.IsBoolean && equations.All(e => _kernels.For(e, stratum).Kernel is IRuleKernel<T>))
        {
            var united = (Relation)Initial(tensor).Clone();
            foreach (var equation in equations)
                TryDerive(equation, stratum, united, united, grow: false);
            return united;
        }
        var results = equations.Select(e => Run(e, stratum, null)).ToList();
        if (tensor.IsBoolean)
        {
            var relation = Contributions.Relation((Relation)Initial(tensor), results, this);
            results.ForEach(Release);
            return relation;
        }
        DenseTensor<T>? sum = null;
        // Without data, a summed tensor starts from its first dense result (its unreached cells are 0); a min=
        // or max= tensor starts from its identity.
        if (tensor.IsSynthesized || _store.HasData(tensor) || tensor.Combination != Aggregation.Sum)
            sum = InitialDense(tensor);
        foreach (var result in results)
        {
            if (sum is null && result.Values is { } values)
            {
                sum = values;
                ReleaseCounts(result.Counts);
                continue;
            }
            sum ??= Rent(tensor.Shape);
            Contributions.CombineReached(sum, result, tensor.Combination);
            Release(result);
        }
        return sum ?? Rent(tensor.Shape);
    }

    private double Difference(TensorSymbol tensor, TensorValue next) => next switch
    {
        DenseTensor<T> after => Contributions.MaxDifference(Dense(tensor), after),
        Relation after => Contributions.SameTuples((Relation)Value(tensor), after) ? 0 : 1,
        _ => throw new InvalidOperationException($"unexpected value of '{tensor.Name}'"),
    };

    /// <summary>
    /// Adds to <paramref name="fresh"/> the tuples a rule's kernel derives that <paramref name="known"/> lacks
    /// (the two may be one relation when the rule does not read its head), timed for <c>--profile</c>.
    /// </summary>
    /// <returns>False, having done nothing, when the equation's kernel is not a rule's.</returns>
    private bool TryDerive(IrEquation equation, IrStratum stratum, Relation known, Relation fresh, bool grow)
    {
        var (kernel, provider) = _kernels.For(equation, stratum);
        if (kernel is not IRuleKernel<T> rule)
            return false;
        _options.Cancellation.ThrowIfCancellationRequested();
        ResourceGuard.Current?.Computing = equation;
        var watch = Stopwatch.StartNew();
        rule.DeriveNew(this, known, fresh, grow);
        Record(equation, kernel, provider, watch.Elapsed);
        return true;
    }

    /// <summary>Runs one equation's kernel, timed for <c>--profile</c>.</summary>
    private EquationResult<T> Run(IrEquation equation, IrStratum stratum, IReadOnlyDictionary<int, int>? pins)
    {
        _options.Cancellation.ThrowIfCancellationRequested();
        var (kernel, provider) = _kernels.For(equation, stratum);
        ResourceGuard.Current?.Computing = equation;
        var watch = Stopwatch.StartNew();
        var result = kernel.Evaluate(this, pins);
        Record(equation, kernel, provider, watch.Elapsed);
        return result;
    }

    private void Record(IrEquation equation, IEquationKernel<T> kernel, string provider, TimeSpan elapsed)
    {
        if (!_profile.TryGetValue(equation, out var entry))
        {
            var declined = _kernels.Declines.FirstOrDefault(d => ReferenceEquals(d.Equation, equation))?.Reason;
            entry = new EquationProfile(equation.Location, equation.Text, provider, "", declined, kernel.Flops, TimeSpan.Zero, 0);
            _profiledKernels[equation] = kernel;
        }
        _profile[equation] = entry with
        {
            Time = entry.Time + elapsed,
            Calls = entry.Calls + 1,
            DeviceTime = (kernel as IDeviceTimedKernel)?.DeviceTime,
        };
    }
}
