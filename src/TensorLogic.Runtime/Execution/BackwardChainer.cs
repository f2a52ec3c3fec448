using System.Runtime.CompilerServices;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Resources;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// Backward chaining with tabling. "Each tensor equation is treated as a function. The query is the
/// top-level call, and each equation calls the equations for the tensors on its RHS" (paper, p. 7).
/// A Boolean subgoal is a tensor with some positions bound (<c>Ancestor(Alice, x)</c>); its answers are
/// tabled, and only the subgoals the query reaches are ever evaluated. A real element is computed on
/// demand and memoized; a component whose elements depend on each other cyclically (or a virtual loop) is
/// computed forward instead, by the session's runner. Goals are evaluated by the IR's equations through
/// kernels that read on demand.
/// </summary>
/// <remarks>
/// Completion by strata (as SLG resolution completes a subgoal's SCC before a negation reads it): a
/// subgoal met again while its stratum is being solved returns the answers found so far, and the call that
/// opened the stratum repeats until none of its tables grows. Negation is stratified, so within a stratum
/// relations read each other positively: answers found so far are true and the repetition only adds (a real
/// element computed from them is not memoized, as it may still change). A subgoal of a lower stratum opens
/// its own completion instead, so whatever reads it — a negation, a comparison, a real factor, a count —
/// sees its final table: an answer derived from a partial table under negation would never be retracted.
/// </remarks>
internal sealed class BackwardChainer : ICellReader
{
    private readonly IProgramRunner _runner;
    private readonly Dictionary<TensorSymbol, List<IrEquation>> _equations;
    private readonly Dictionary<TensorSymbol, IrStratum> _strata;
    private readonly Dictionary<(TensorSymbol, TupleKey), Goal> _goals = [];
    private readonly Dictionary<TensorSymbol, Dictionary<TupleKey, double>> _cells = [];
    private readonly HashSet<(TensorSymbol, TupleKey)> _cellsInProgress = [];
    private readonly HashSet<IrStratum> _forwardOnly = [];
    private readonly List<Completion> _completions = [];
    private int _pass;

    // Set when a computation read the answers of a Boolean subgoal that is still being solved (and so
    // may be partial); a real element computed from such answers must not be memoized.
    private bool _readPartialAnswers;

    private sealed class Goal(TensorSymbol tensor, int[] pattern)
    {
        public TensorSymbol Tensor { get; } = tensor;
        public int[] Pattern { get; } = pattern;
        public Relation Answers { get; } = new(tensor.Shape);
        public int EvaluatedInPass { get; set; } = -1;
        public Completion? SolvedIn { get; set; }
        public bool Complete { get; set; }

        // A complete table no longer changes: its answers are listed once, not on every lookup.
        private IReadOnlyList<int[]>? _completed;

        public IReadOnlyList<int[]> CompletedAnswers => _completed ??= Answers.Tuples;
    }

    /// <summary>
    /// The passes that solve one stratum's subgoals reached from one call, until no table grows. Every pass
    /// evaluates every goal once, so a pass in which no table grows leaves them all at their fixpoint.
    /// </summary>
    private sealed class Completion(IrStratum stratum)
    {
        public IrStratum Stratum { get; } = stratum;
        public int Pass { get; set; }
        public bool Changed { get; set; }
        public List<Goal> Goals { get; } = [];

        public void Add(Goal goal)
        {
            if (goal.SolvedIn == this)
                return;
            goal.SolvedIn = this;
            Goals.Add(goal);
        }
    }

    /// <summary>
    /// Raised when a stratum cannot be solved by demand: its real elements depend on each other in a cycle,
    /// or its subgoals nest deeper than the stack holds. The stratum is then computed forward.
    /// </summary>
    private sealed class ForwardInsteadException(IrStratum stratum) : Exception
    {
        public IrStratum Stratum { get; } = stratum;
    }

    public BackwardChainer(IProgramRunner runner)
    {
        _runner = runner;
        var program = runner.Program;
        _equations = program.Strata.SelectMany(s => s.Equations).GroupBy(e => e.Target).ToDictionary(g => g.Key, g => g.ToList());
        _strata = program.Strata.SelectMany(s => s.Tensors.Select(t => (t, s))).ToDictionary(x => x.t, x => x.s);
        foreach (var stratum in program.Strata.Where(s => s.Kind == StratumKind.Loop))
            _forwardOnly.Add(stratum);
    }

    /// <summary>The true tuples of a Boolean tensor matching <paramref name="pattern"/> (negative = free).</summary>
    public IReadOnlyList<int[]> Solve(TensorSymbol tensor, int[] pattern) => WithForwardFallback(() => Match(tensor, pattern));

    /// <summary>One real element, computed on demand.</summary>
    public double Value(TensorSymbol tensor, int[] cell) => WithForwardFallback(() => Get(tensor, cell));

    /// <summary>
    /// Runs a top-level demand on a thread with a deep stack (<see cref="DeepStack"/>); when real elements
    /// turn out to depend on each other cyclically, or subgoals nest deeper than even that stack holds,
    /// their component is computed forward and the demand starts over.
    /// </summary>
    private TResult WithForwardFallback<TResult>(Func<TResult> demand) => DeepStack.Run(() =>
    {
        while (true)
        {
            try
            {
                return demand();
            }
            catch (ForwardInsteadException fallback)
            {
                _forwardOnly.Add(fallback.Stratum);
                _runner.Evaluate(fallback.Stratum.Tensors);
                _cells.Clear();
                _cellsInProgress.Clear();
                // Goals of the abandoned completions keep their answers (all true) and are solved again
                // by the next completion that reaches them.
                _completions.Clear();
                _readPartialAnswers = false;
            }
        }
    });

    private bool IsForward(TensorSymbol tensor) =>
        !_equations.ContainsKey(tensor) || _strata.TryGetValue(tensor, out var stratum) && _forwardOnly.Contains(stratum);

    private TensorValue ForwardValue(TensorSymbol tensor)
    {
        if (_equations.ContainsKey(tensor))
            _runner.Evaluate([tensor]);
        return _runner.Value(tensor);
    }

    public IReadOnlyList<int[]> Match(TensorSymbol tensor, ReadOnlySpan<int> pattern)
    {
        if (IsForward(tensor))
            return ((Relation)ForwardValue(tensor)).Match(pattern);
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ForwardInsteadException(_strata[tensor]);
        var key = (tensor, new TupleKey(pattern));
        if (!_goals.TryGetValue(key, out var goal))
        {
            goal = new Goal(tensor, pattern.ToArray());
            foreach (var tuple in ((Relation)_runner.Initial(tensor)).Match(pattern))
                goal.Answers.Add(tuple);
            _goals.Add(key, goal);
        }
        if (goal.Complete)
            return goal.CompletedAnswers;
        var stratum = _strata[tensor];
        if (Open(stratum) is { } open)
        {
            // Recursion within the stratum: the subgoal joins the open completion, which evaluates it later
            // in this pass; the caller gets the answers so far. Evaluating it here instead would nest one
            // call per subgoal, as deep as the longest chain of subgoals in the data.
            open.Add(goal);
            _readPartialAnswers = true;
            return goal.Answers.Tuples;
        }
        var readPartial = _readPartialAnswers;
        var completion = new Completion(stratum);
        completion.Add(goal);
        _completions.Add(completion);
        do
        {
            completion.Pass = ++_pass;
            completion.Changed = false;
            // The goals found before this pass, the latest found first: along a chain of subgoals each then
            // reads the answers its successor has just found, so a chain settles in one pass, not one per link.
            var known = completion.Goals.Count;
            for (var i = known - 1; i >= 0; i--)
                EvaluateOnce(completion.Goals[i], completion);
            // Then the goals found during the pass (which may find more).
            for (var i = known; i < completion.Goals.Count; i++)
                EvaluateOnce(completion.Goals[i], completion);
        }
        while (completion.Changed);
        foreach (var solved in completion.Goals)
            solved.Complete = true;
        _completions.RemoveAt(_completions.Count - 1);
        // The partial answers read on the way are complete now.
        _readPartialAnswers = readPartial;
        return goal.CompletedAnswers;
    }

    /// <summary>
    /// The completion under way for <paramref name="stratum"/>, if any. In a stratified program a stratum
    /// reads only itself and lower strata, so at most one completion per stratum is open, the innermost.
    /// </summary>
    private Completion? Open(IrStratum stratum)
    {
        for (var i = _completions.Count - 1; i >= 0; i--)
        {
            if (_completions[i].Stratum == stratum)
                return _completions[i];
        }
        return null;
    }

    private void EvaluateOnce(Goal goal, Completion completion)
    {
        if (goal.EvaluatedInPass == completion.Pass)
            return;
        goal.EvaluatedInPass = completion.Pass;
        var (tensor, pattern) = (goal.Tensor, goal.Pattern);
        var totals = new Dictionary<TupleKey, (int[] Cell, double Total)>();
        foreach (var equation in _equations[tensor])
        {
            if (Pin(equation, pattern, normalizedAxes: []) is not { } pinned)
                continue;
            ResourceGuard.Current?.Computing = equation;
            foreach (var (cell, value) in _runner.OnDemand(equation).Evaluate(this, pinned))
            {
                if (!Matches(cell, pattern))
                    continue;
                var cellKey = new TupleKey(cell);
                var total = totals.TryGetValue(cellKey, out var existing) ? existing.Total : _runner.Initial(tensor).Get(cell);
                totals[cellKey] = (cell, total + value);
            }
        }
        foreach (var (cell, total) in totals.Values)
        {
            if (total > 0 && goal.Answers.Add(cell))
                completion.Changed = true;
        }
    }

    private static bool Matches(int[] cell, ReadOnlySpan<int> pattern)
    {
        for (var p = 0; p < cell.Length; p++)
        {
            if (pattern[p] >= 0 && pattern[p] != cell[p])
                return false;
        }
        return true;
    }

    /// <summary>
    /// The equation's variables fixed by the bound positions of <paramref name="pattern"/>: a plain variable
    /// takes the value, <c>l+1</c> takes value-1; a constant that disagrees means the equation cannot reach
    /// the goal (null). Other index expressions stay free and their results are filtered afterwards.
    /// </summary>
    internal static Dictionary<int, int>? Pin(IrEquation equation, ReadOnlySpan<int> pattern, IReadOnlyCollection<int> normalizedAxes)
    {
        var pinned = new Dictionary<int, int>();
        var indices = equation.TargetAccess.Indices;
        for (var p = 0; p < indices.Length; p++)
        {
            if (pattern[p] < 0 || normalizedAxes.Contains(p))
                continue;
            switch (indices[p])
            {
                case IrConstantIndex constant when constant.Value != pattern[p]:
                    return null;
                case IrVariableIndex { Variable: var variable }:
                    if (!PinVariable(pinned, variable, pattern[p]))
                        return null;
                    break;
                case IrArithmeticIndex { Left: IrVariableIndex { Variable: var shifted }, Operator: var op, Right: IrConstantIndex offset }
                    when op is Syntax.Tree.IndexOperator.Add or Syntax.Tree.IndexOperator.Subtract:
                    var value = op == Syntax.Tree.IndexOperator.Add ? pattern[p] - offset.Value : pattern[p] + offset.Value;
                    if (value < 0 || value >= shifted.Size || !PinVariable(pinned, shifted, value))
                        return null;
                    break;
            }
        }
        return pinned;
    }

    private static bool PinVariable(Dictionary<int, int> pinned, IrIndex variable, int value)
    {
        if (pinned.TryGetValue(variable.Id, out var existing))
            return existing == value;
        pinned[variable.Id] = value;
        return true;
    }

    public double Get(TensorSymbol tensor, ReadOnlySpan<int> cell)
    {
        if (tensor.IsBoolean)
            return Match(tensor, cell).Count > 0 ? 1 : 0;
        if (IsForward(tensor))
            return ForwardValue(tensor).Get(cell);
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ForwardInsteadException(_strata[tensor]);
        if (!_cells.TryGetValue(tensor, out var memo))
        {
            memo = [];
            _cells.Add(tensor, memo);
        }
        var key = new TupleKey(cell);
        if (memo.TryGetValue(key, out var known))
            return known;
        // An element that reads itself is computed forward (as is a chain deeper than the stack, checked above).
        if (!_cellsInProgress.Add((tensor, key)))
            throw new ForwardInsteadException(_strata[tensor]);
        var outerReadPartial = _readPartialAnswers;
        _readPartialAnswers = false;
        try
        {
            var value = ReferenceCell.Value(_runner, this, tensor, _equations[tensor], cell.ToArray());
            // A value computed from partial answers of a Boolean subgoal may still change: do not keep it.
            // Values that read no such answers are final even while some subgoal is being solved.
            if (!_readPartialAnswers)
                memo[key] = value;
            return value;
        }
        finally
        {
            _readPartialAnswers |= outerReadPartial;
            _cellsInProgress.Remove((tensor, key));
        }
    }
}
