using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Reference;

/// <summary>
/// Forward chaining, the reference way: strata in topological order; a non-recursive stratum once; a
/// virtual-index loop step by step; recursive Boolean rules by semi-naive evaluation; any other recursion
/// by repeated sweeps (Gauss-Seidel, in source order) until nothing changes by more than the tolerance or
/// the iteration limit is hit.
/// </summary>
internal sealed class ForwardEvaluator : ITensorReader, IProfilingEvaluator
{
    private readonly Dictionary<BoundEquation, EquationProfile> _profile = [];

    private readonly BoundProgram _program;
    private readonly EvaluationOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<Stratum> _evaluated = [];

    public ForwardEvaluator(TensorStore store, EvaluationOptions options, DiagnosticBag diagnostics)
    {
        Store = store;
        _program = store.Program;
        _options = options;
        _diagnostics = diagnostics;
    }

    public TensorStore Store { get; }

    public IReadOnlyList<EquationProfile> Profile => [.. _profile.Values];

    /// <summary>One equation's contribution, timed for <c>--profile</c>.</summary>
    private List<(int[] Cell, double Value)> Contribution(BoundEquation equation, IReadOnlyDictionary<int, int>? pinned = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = EquationEvaluator.Evaluate(equation, this, pinned);
        var entry = _profile.GetValueOrDefault(equation) ?? new EquationProfile(equation, "reference", BindingCount(equation), TimeSpan.Zero, 0);
        _profile[equation] = entry with { Time = entry.Time + watch.Elapsed, Calls = entry.Calls + 1 };
        return result;
    }

    private static double BindingCount(BoundEquation equation) =>
        equation.Terms.Sum(t => t.Variables.Aggregate(1.0, (a, v) => a * v.Domain.Size) * Math.Max(1, t.Factors.Length));

    public double Get(TensorSymbol tensor, ReadOnlySpan<int> cell) => Store[tensor].Get(cell);

    public IReadOnlyList<int[]> Match(TensorSymbol tensor, ReadOnlySpan<int> pattern) =>
        ((Relation)Store[tensor]).Match(pattern);

    /// <summary>Computes <paramref name="targets"/> and everything they depend on, once.</summary>
    public void Evaluate(IEnumerable<TensorSymbol> targets)
    {
        var needed = DependencyCone.Of(_program, targets);
        foreach (var stratum in _program.Strata)
        {
            if (_evaluated.Contains(stratum) || !stratum.Tensors.Any(needed.Contains))
                continue;
            EvaluateStratum(stratum);
            _evaluated.Add(stratum);
        }
    }

    /// <summary>Computes one stratum, assuming what it reads is already in the store.</summary>
    internal void EvaluateStratum(Stratum stratum)
    {
        if (stratum.Equations.IsEmpty)
            return;
        if (stratum.Equations.Any(e => e.Loop is not null))
            RunLoop(stratum);
        else if (!stratum.IsRecursive)
        {
            foreach (var tensor in stratum.Tensors)
                Store[tensor] = Recompute(tensor, stratum);
        }
        else if (stratum.Equations.All(e => e.IsRule))
            new SemiNaiveEvaluator(Store, this).Run(stratum);
        else
            Iterate(stratum);
    }

    /// <summary>A tensor's value: its initial contents plus what each of its equations contributes.</summary>
    private TensorValue Recompute(TensorSymbol tensor, Stratum stratum) =>
        Combine(Store.Initial(tensor), stratum.Equations.Where(e => e.Target.Tensor == tensor).Select(e => Contribution(e)));

    internal static TensorValue Combine(TensorValue initial, IEnumerable<List<(int[] Cell, double Value)>> contributions)
    {
        var result = initial.Clone();
        if (result is DenseTensor dense)
        {
            foreach (var contribution in contributions)
            {
                foreach (var (cell, value) in contribution)
                    dense.Data[dense.Offset(cell)] += value;
            }
            return dense;
        }
        // Boolean: a cell is true when data and contributions sum to more than 0 (the step of the sum: OR).
        var relation = (Relation)result;
        var totals = new Dictionary<TupleKey, (int[] Cell, double Total)>();
        foreach (var contribution in contributions)
        {
            foreach (var (cell, value) in contribution)
            {
                var key = new TupleKey(cell);
                var total = totals.TryGetValue(key, out var existing) ? existing.Total : initial.Get(cell);
                totals[key] = (cell, total + value);
            }
        }
        var combined = new Relation(initial.Symbol, initial.Shape);
        foreach (var tuple in relation.Tuples)
        {
            if (!totals.TryGetValue(new TupleKey(tuple), out var entry) || entry.Total > 0)
                combined.Add(tuple);
        }
        foreach (var (cell, total) in totals.Values)
        {
            if (total > 0)
                combined.Add(cell);
        }
        return combined;
    }

    /// <summary>Repeated sweeps over a recursive component until it stops changing.</summary>
    private void Iterate(Stratum stratum)
    {
        if (LayerDomain(stratum) is { } layers)
            LayeredSweep(stratum, layers);
        var order = stratum.Equations.Select(e => e.Target.Tensor).Distinct().ToList();
        for (var iteration = 1; iteration <= _options.MaxIterations; iteration++)
        {
            var change = 0.0;
            foreach (var tensor in order)
            {
                var next = Recompute(tensor, stratum);
                change = Math.Max(change, Difference(Store[tensor], next));
                Store[tensor] = next;
            }
            if (change <= _options.Tolerance)
                return;
        }
        ReportIterationLimit(stratum);
    }

    /// <summary>
    /// The domain of an index-shift recursion: one position of every tensor of the component, written at
    /// <c>l</c>, <c>l+1</c> or a constant (<c>Emb[n, l+1, d]</c>, <c>Emb[n, 0, d]</c>). Null when there is none.
    /// </summary>
    internal static Domain? LayerDomain(Stratum stratum)
    {
        if (stratum.Tensors.Any(t => t.IsBoolean))
            return null;
        var candidates = stratum.Tensors[0].Domains.Distinct()
            .Where(d => stratum.Tensors.All(t => t.Domains.Count(x => x == d) == 1));
        return candidates.FirstOrDefault(d => stratum.Equations.All(e => LayerIndex(e, d) is not null));
    }

    internal static BoundIndex? LayerIndex(BoundEquation equation, Domain layers)
    {
        var index = equation.Target.Indices[equation.Target.Tensor.Domains.IndexOf(layers)];
        return index is VariableIndex or ConstantIndex
            or ArithmeticIndex { Operator: Syntax.Tree.IndexOperator.Add, Left: VariableIndex, Right: ConstantIndex { Value: >= 0 } }
            ? index
            : null;
    }

    /// <summary>
    /// Index-shift recursion as a loop over the shifted index: for each layer in increasing order, each
    /// equation (in source order) is evaluated with its layer variable pinned, and the cells it reaches are
    /// written at once, so later layers read finished ones. One such sweep computes a well-founded recursion
    /// (MLP layers, GNN rounds, a recurrence over time); the fixpoint iteration that follows then confirms it
    /// in one more sweep, instead of needing one sweep per layer. Anything the sweep got wrong (the structure
    /// was not what it looked like) is corrected by that iteration, so the result is the same either way.
    /// </summary>
    private void LayeredSweep(Stratum stratum, Domain layers)
    {
        var values = stratum.Tensors.ToDictionary(t => t, t => (DenseTensor)AsDouble(Store[t]).Clone());
        foreach (var (tensor, value) in values)
            Store[tensor] = value;
        var ordered = InLayerOrder(stratum.Equations, layers);
        for (var layer = 0; layer < layers.Size; layer++)
        {
            foreach (var equation in ordered)
            {
                if (LayerPin(equation, layers, layer) is not { } pinned)
                    continue;
                var target = values[equation.Target.Tensor];
                var initial = Store.Initial(equation.Target.Tensor);
                foreach (var (cell, contribution) in Contribution(equation, pinned))
                    target.Set(cell, initial.Get(cell) + contribution);
            }
        }
    }

    /// <summary>
    /// Within one layer: equations that write a fixed layer (<c>Emb[n, 0, d]</c>) first, then those that write
    /// the current layer from finished ones (<c>Z[n, l, d]</c>), then those that write later layers
    /// (<c>Emb[n, l+1, d]</c>); source order among equals.
    /// </summary>
    internal static List<BoundEquation> InLayerOrder(IEnumerable<BoundEquation> equations, Domain layers) =>
    [
        .. equations.OrderBy(e => LayerIndex(e, layers) switch
        {
            ConstantIndex => -1,
            ArithmeticIndex { Right: ConstantIndex offset } => offset.Value,
            _ => 0,
        }),
    ];

    /// <summary>The layer variable pinned to <paramref name="layer"/>; for a fixed-layer equation, nothing pinned at layer 0 and null (skip) after.</summary>
    internal static Dictionary<int, int>? LayerPin(BoundEquation equation, Domain layers, int layer) => LayerIndex(equation, layers) switch
    {
        VariableIndex v => new Dictionary<int, int> { [v.Variable.Ordinal] = layer },
        ArithmeticIndex { Left: VariableIndex v } => new Dictionary<int, int> { [v.Variable.Ordinal] = layer },
        _ => layer == 0 ? new Dictionary<int, int>() : null,
    };

    internal void ReportIterationLimit(Stratum stratum) =>
        _diagnostics.Report(Catalog.IterationLimit, stratum.Equations[0].Location,
            $"{string.Join(", ", stratum.Tensors.Select(t => $"'{t.Name}'"))} did not converge within {_options.MaxIterations} iterations; the last values are used",
            "raise the limit with --max-iterations, or check that the recursion converges");

    /// <summary>
    /// Another engine may have stored a float32 result (the CPU engine's default); the reference works in double.
    /// </summary>
    private static TensorValue AsDouble(TensorValue value) => value is SingleTensor single ? single.ToDouble() : value;

    private static double Difference(TensorValue before, TensorValue after)
    {
        before = AsDouble(before);
        if (before is DenseTensor a && after is DenseTensor b)
        {
            var max = 0.0;
            for (var i = 0; i < a.Data.Length; i++)
            {
                var d = Math.Abs(a.Data[i] - b.Data[i]);
                if (d > max || double.IsNaN(d) && !(double.IsNaN(a.Data[i]) && double.IsNaN(b.Data[i])))
                    max = double.IsNaN(d) ? double.PositiveInfinity : d;
            }
            return max;
        }
        var left = (Relation)before;
        var right = (Relation)after;
        return left.Count == right.Count && left.Tuples.All(t => right.Contains(t)) ? 0 : 1;
    }

    /// <summary>
    /// A virtual-index loop: for each value of the loop index, every equation of the component is
    /// evaluated against the current state and the reached cells are overwritten; only the current state
    /// is kept, as the paper's "no memory is allocated for it".
    /// </summary>
    private void RunLoop(Stratum stratum)
    {
        var steps = stratum.Equations.Where(e => e.Loop is not null).Max(e => e.Loop!.Variable.Domain.Size);
        for (var step = 0; step < steps; step++)
        {
            var updates = new List<(TensorSymbol Tensor, List<(int[] Cell, double Value)> Cells)>();
            foreach (var equation in stratum.Equations)
            {
                var pinned = equation.Loop is { } loop ? new Dictionary<int, int> { [loop.Variable.Ordinal] = step } : null;
                updates.Add((equation.Target.Tensor, Contribution(equation, pinned)));
            }
            foreach (var group in updates.GroupBy(u => u.Tensor))
                Store[group.Key] = Overwrite(Store[group.Key], group.Select(g => g.Cells));
        }
    }

    private static TensorValue Overwrite(TensorValue current, IEnumerable<List<(int[] Cell, double Value)>> contributions)
    {
        current = AsDouble(current);
        var reached = Combine(TensorStore.Empty(current.Symbol), contributions);
        var cells = contributions.SelectMany(c => c.Select(x => x.Cell)).ToList();
        if (current is DenseTensor dense)
        {
            var next = (DenseTensor)dense.Clone();
            foreach (var cell in cells)
                next.Set(cell, reached.Get(cell));
            return next;
        }
        var relation = new Relation(current.Symbol, current.Shape);
        var overwritten = cells.Select(c => new TupleKey(c)).ToHashSet();
        foreach (var tuple in ((Relation)current).Tuples.Where(t => !overwritten.Contains(new TupleKey(t))))
            relation.Add(tuple);
        foreach (var tuple in ((Relation)reached).Tuples)
            relation.Add(tuple);
        return relation;
    }
}
