using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;
using TensorLogic.Runtime.Resources;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Execution;

/// <summary>What one output of a program produced: a query's answer, or a written file.</summary>
public abstract record OutputResult(BoundOutput Output);

public sealed record AnswerResult(QueryAnswer Answer) : OutputResult(Answer.Query);

public sealed record WriteResult(BoundFileWrite Write, bool Succeeded) : OutputResult(Write);

/// <summary>
/// A checked program being run: the facade used by <c>tlc run</c>, the REPL and embedders. It lowers the
/// program for the chosen engine, owns the tensor store, runs the IR when a query or write needs a tensor,
/// and answers queries forward or by tabled backward chaining.
/// </summary>
public sealed class Session : IDisposable
{
    private readonly IEngine _engine;
    private readonly List<IProgramRunner> _retired = [];
    private readonly HashSet<TensorSymbol> _inputs;
    private readonly ResourceGuard _guard;
    private IProgramRunner _runner;
    // Built when a query first chains backward, and again after the data or the runner changed.
    private BackwardChainer? _backward;

    private BackwardChainer Backward => _backward ??= new BackwardChainer(_runner);

    /// <param name="inputs">Tensors whose data <see cref="SetData"/> will replace; nothing reading them is folded into a constant.</param>
    /// <param name="roots">Tensors besides the outputs that will be asked for (a loss and its gradients): lowered
    /// as roots now, so no later request lowers the program again.</param>
    public Session(BoundProgram program, IEngine engine, EvaluationOptions options, IEnumerable<TensorSymbol>? inputs = null,
        IEnumerable<TensorSymbol>? roots = null)
    {
        _inputs = inputs?.ToHashSet() ?? [];
        Program = program;
        _guard = new ResourceGuard(options.Limits, options.Cancellation);
        // The kernels stop at the run's token; the guard's token is also cancelled by the time limit.
        Options = options with { Cancellation = _guard.Token };
        _engine = engine;
        Store = new TensorStore(program);
        // Real tensors are stored densely: one that cannot be held is reported before any engine allocates it.
        if (program.Tensors.FirstOrDefault(t => !t.IsBoolean && t.Shape.Aggregate(1L, (a, size) => a * size) > Array.MaxLength) is { } tooLarge)
            throw new TensorTooLargeException(tooLarge, tooLarge.Shape);
        var kept = roots is null ? null : program.Outputs.Select(o => o.Tensor).Concat(roots);
        using (_guard.Enter())
        {
            try
            {
                // Creating the runner already computes folded constants, which the time limit can stop.
                _runner = engine.CreateRunner(Compilation.Lower(program, engine.Target, kept, _inputs), Store, Options, Diagnostics);
            }
            catch (Exception e) when (_guard.Unplaced(e) is { } limit)
            {
                throw limit;
            }
        }
        _backward = null;
    }

    public BoundProgram Program { get; }

    /// <summary>Every runner of the session, the current one last (earlier ones still back values in the store).</summary>
    private IEnumerable<IProgramRunner> Runners => _retired.Append(_runner);

    /// <summary>The lowered program this session runs (what <c>tlc run --emit ir</c> prints for its engine).</summary>
    public IrProgram Ir => _runner.Program;

    /// <summary>Per-equation times, providers and declines, for <c>--profile</c>.</summary>
    public IReadOnlyList<EquationProfile> Profile => [.. Runners.SelectMany(r => r.Profile)];

    /// <summary>The equations the engine declined (TL4002), which its fallback or the reference provider ran instead.</summary>
    /// <summary>The engine's notes for <c>--profile</c> (a GPU's transfers), one per runner that has one.</summary>
    public IReadOnlyList<string> EngineSummaries => [.. Runners.Select(r => r.EngineSummary).OfType<string>()];

    public IReadOnlyList<KernelDecline> Declines => [.. Runners.SelectMany(r => r.Declines).DistinctBy(d => (d.Equation.Location, d.Equation.Text))];

    public EvaluationOptions Options { get; }

    public TensorStore Store { get; }

    /// <summary>Warnings and errors found while running (iteration limits, failed writes, too-large tensors).</summary>
    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>Releases the engine's buffers; tensor values read from this session are not valid afterwards.</summary>
    public void Dispose()
    {
        foreach (var runner in Runners)
            runner.Dispose();
        _guard.Dispose();
    }

    /// <summary>Answers every query and performs every write, in source order.</summary>
    public IEnumerable<OutputResult> Run()
    {
        using var limits = _guard.Enter();
        var release = Options.ReleaseIntermediates && Program.Outputs.All(o => o is not BoundQuery query || ChooseChaining(query) == Chaining.Forward);
        if (release)
        {
            foreach (var output in Program.Outputs)
                Cover(output.Tensor);
            _runner.ReleaseAfterLastUse([.. Program.Outputs.Select(o => o.Tensor).Distinct()]);
        }
        try
        {
            foreach (var output in Program.Outputs)
            {
                yield return output switch
                {
                    BoundQuery query => new AnswerResult(Answer(query)),
                    BoundFileWrite write => new WriteResult(write, Write(write)),
                    _ => throw new InvalidOperationException("unknown output"),
                };
            }
        }
        finally
        {
            if (release)
                _runner.ReleaseAfterLastUse(null);
        }
    }

    /// <summary>
    /// Replaces the contents of a tensor that no equation defines — a parameter being learned, a batch of
    /// examples — and forgets every computed value; the compiled kernels are kept.
    /// </summary>
    public void SetData(TensorSymbol tensor, TensorValue value) => SetData([(tensor, value)]);

    /// <summary>Replaces the contents of several tensors at once (a training step's parameters and batch): one reset for all.</summary>
    public void SetData(IReadOnlyList<(TensorSymbol Tensor, TensorValue Value)> contents)
    {
        var relower = false;
        foreach (var (tensor, value) in contents)
        {
            if (Program.EquationsFor(tensor).Any())
                throw new ArgumentException($"'{tensor.Name}' is computed by equations; only data can be replaced", nameof(contents));
            if (!value.Shape.SequenceEqual(tensor.Shape))
                throw new ArgumentException($"'{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}], the new contents [{string.Join(", ", value.Shape)}]", nameof(contents));
            Store.SetData(tensor, value);
            // Folded strata were computed from the old data: a tensor replaced for the first time needs them unfolded.
            relower |= _inputs.Add(tensor);
        }
        if (relower)
            Relower(null);
        foreach (var runner in Runners)
            runner.Reset();
        _backward = null;
    }

    /// <summary>Computes several tensors in one pass over the strata (a loss and its gradients).</summary>
    public IReadOnlyList<TensorValue> Evaluate(IReadOnlyList<TensorSymbol> tensors)
    {
        using var limits = _guard.Enter();
        foreach (var tensor in tensors)
            Cover(tensor);
        _runner.Evaluate([.. tensors]);
        return [.. tensors.Select(t => Store[t])];
    }

    /// <summary>The full value of a tensor, computed forward.</summary>
    public TensorValue Evaluate(TensorSymbol tensor) => Evaluate([tensor])[0];

    /// <summary>
    /// The passes dropped or fused away what no output needs; when an embedder or the REPL asks for such a
    /// tensor, the program is lowered again with it as a root. Values computed so far stay in the store; the
    /// previous runner keeps its buffers (which back those values) until the session ends.
    /// </summary>
    private void Cover(TensorSymbol tensor)
    {
        if (!Program.EquationsFor(tensor).Any() || _runner.Program.Computed.Contains(tensor))
            return;
        Relower(tensor);
    }

    private void Relower(TensorSymbol? root)
    {
        var roots = Program.Outputs.Select(o => o.Tensor).Concat(_runner.Program.Computed).Where(t => !t.IsSynthesized);
        if (root is not null)
            roots = roots.Append(root);
        _retired.Add(_runner);
        using var limits = _guard.Enter();
        _runner = _engine.CreateRunner(Compilation.Lower(Program, _engine.Target, roots, _inputs), Store, Options, Diagnostics);
        _backward = null;
    }

    public QueryAnswer Answer(BoundQuery query) => Answer(query, ChooseChaining(query));

    public QueryAnswer Answer(BoundQuery query, Chaining chaining)
    {
        using var limits = _guard.Enter();
        try
        {
            return Compute(query, chaining);
        }
        catch (Exception e) when (_guard.Unplaced(e) is { } limit)
        {
            // Backward chaining runs no stratum of its own: the equation it was solving, or else the query, is the place.
            throw limit.At(_guard.Computing?.Location ?? query.Location, (_guard.Computing?.Target ?? query.Tensor).Name, _guard.Progress());
        }
    }

    private QueryAnswer Compute(BoundQuery query, Chaining chaining)
    {
        var tensor = query.Tensor;
        var pattern = query.Pattern.Select(i => i is ConstantIndex c ? c.Value : -1).ToArray();
        Cover(tensor);
        if (tensor.IsBoolean)
        {
            var tuples = chaining == Chaining.Backward
                ? Backward.Solve(tensor, pattern)
                : ((Relation)Evaluate(tensor)).Match(pattern);
            return BooleanAnswer(query, tuples);
        }
        if (chaining == Chaining.Backward)
            return RealAnswer(query, cell => Backward.Value(tensor, cell));
        var value = Evaluate(tensor);
        return RealAnswer(query, cell => value.Get(cell));
    }

    /// <summary>
    /// Backward chaining pays off when a query binds some positions of a logic program: only the
    /// subgoals it reaches are computed. Dense numeric programs are cheaper forward, and so is recursion:
    /// backward chaining repeats its outermost call until no table grows, a round per step of the longest
    /// derivation that re-derives the tables each time, where semi-naive rounds touch only new tuples (the
    /// closure of a 2,000-node chain from one node: 2 s forward, over 10 minutes backward). So `auto` never
    /// picks the asymptotically worse strategy (docs/language.md, §10).
    /// </summary>
    private Chaining ChooseChaining(BoundQuery query)
    {
        if (Options.Chaining != Chaining.Auto)
            return Options.Chaining;
        var hasConstant = query.Pattern.Any(i => i is ConstantIndex);
        var cone = DependencyCone.Of(Program, [query.Tensor]);
        var logicOnly = cone.All(t => t.IsBoolean);
        var recursive = Ir.Strata.Any(s => s.Kind != StratumKind.Once && s.Tensors.Any(cone.Contains));
        return hasConstant && logicOnly && !recursive ? Chaining.Backward : Chaining.Forward;
    }

    private static QueryAnswer BooleanAnswer(BoundQuery query, IReadOnlyList<int[]> tuples)
    {
        var matching = tuples.Where(t => Satisfies(query, t)).ToList();
        if (query.FreeVariables.IsEmpty)
            return new TruthAnswer(query, matching.Count > 0);
        var positions = query.FreeVariables.Select(v => query.Pattern.IndexOf(new VariableIndex(v))).ToList();
        var rows = matching
            .Select(t => positions.Select((p, i) => AnswerValue.Of(query.FreeVariables[i].Domain, t[p])).ToImmutableArray())
            .Distinct(RowComparer.Instance)
            .Order(RowComparer.Instance)
            .ToImmutableArray();
        return new RowsAnswer(query, [.. query.FreeVariables.Select(v => v.Name)], rows);
    }

    /// <summary>A repeated variable (<c>R(x, x)?</c>) must take the same value at each of its positions.</summary>
    private static bool Satisfies(BoundQuery query, int[] tuple)
    {
        for (var p = 0; p < query.Pattern.Length; p++)
        {
            var first = query.Pattern.IndexOf(query.Pattern[p]);
            if (query.Pattern[p] is VariableIndex && first != p && tuple[first] != tuple[p])
                return false;
        }
        return true;
    }

    private static TensorAnswer RealAnswer(BoundQuery query, Func<int[], double> read)
    {
        var free = query.FreeVariables;
        var shape = free.Select(v => v.Domain.Size).ToImmutableArray();
        var count = new RowMajorLayout(shape).Elements;
        if (count > Array.MaxLength)
            throw new TensorTooLargeException(query.Tensor, shape);
        // The answer is built as an array, then copied into the immutable one it returns.
        ResourceGuard.Reserve(2 * count * sizeof(double));
        var data = new double[count];
        var values = new int[free.Length];
        var layout = new RowMajorLayout(shape);
        var cell = new int[query.Pattern.Length];
        for (var offset = 0; offset < count; offset++)
        {
            layout.CellOf(offset, values);
            for (var p = 0; p < cell.Length; p++)
            {
                cell[p] = query.Pattern[p] switch
                {
                    ConstantIndex c => c.Value,
                    VariableIndex v => values[free.IndexOf(v.Variable)],
                    _ => 0,
                };
            }
            data[offset] = read(cell);
        }
        return new TensorAnswer(query, shape, [.. data], [.. free.Select(v => v.Domain)]);
    }

    private bool Write(BoundFileWrite write) => Data.TensorFileWriter.Write(write, Evaluate(write.Tensor), Diagnostics);

    private sealed class RowComparer : IComparer<ImmutableArray<AnswerValue>>, IEqualityComparer<ImmutableArray<AnswerValue>>
    {
        public static readonly RowComparer Instance = new();

        public int Compare(ImmutableArray<AnswerValue> x, ImmutableArray<AnswerValue> y)
        {
            for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
            {
                var c = x[i].CompareTo(y[i]);
                if (c != 0)
                    return c;
            }
            return x.Length.CompareTo(y.Length);
        }

        public bool Equals(ImmutableArray<AnswerValue> x, ImmutableArray<AnswerValue> y) => x.SequenceEqual(y);

        public int GetHashCode(ImmutableArray<AnswerValue> row) => row.Aggregate(17, (h, v) => h * 31 + v.GetHashCode());
    }
}
