using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Relational;

/// <summary>
/// One rule body joined in a given order of its atoms (<see cref="JoinOrder"/>): each atom's tuples are
/// looked up through an index on the positions bound so far; each check (a negated atom, a comparison)
/// runs right after the step that binds its last variable; variables no atom binds are enumerated over
/// their domains at the end.
/// </summary>
internal sealed class JoinPlan
{
    // The plan, shared by the copies that run it on several threads.
    private readonly IrAccess[] _atoms;
    private readonly List<IrExpression>[] _checksAfter;
    private readonly IrIndex[] _free;

    // Each position of each atom and of the head as one number: a variable's ordinal (≥ 0), or the bitwise
    // complement of a constant (< 0), so the inner loops read arrays instead of IR nodes.
    private readonly int[][] _atomSlots;
    private readonly int[] _headSlots;

    // The positions of each atom bound by constants and earlier atoms: the index its lookups use.
    private readonly int[] _lookupMasks;

    // How many last positions of the last atom are bound by nothing before it and are the head's last
    // positions, in order (0 when that is not the rule's shape): the last step can then add a whole run of
    // the atom's tuples at once when the relations are dense, as rows of bits.
    private readonly int _runTail;

    // Per step: the later atoms left with only the step's one new variable free (their other variables are
    // bound before the step), whose bits the step intersects with its own (Intersect), and that variable.
    private readonly int[][] _intersections;
    private readonly int[] _intersectVariable;

    // The state of one run: bindings, lookup patterns and buffers, and the relations read and written.
    private readonly int[][] _patterns;
    private readonly int[][] _buffers;
    private readonly int[][][] _intersectPatterns;
    private readonly BitRun[][] _runs;
    private readonly List<int>[] _newlyBound;
    private readonly int[] _binding;
    private readonly bool[] _bound;
    private readonly int[] _head;
    private readonly Relation[] _relations;
    private readonly Dictionary<IrAccess, Relation> _negated = new(ReferenceEqualityComparer.Instance);
    private Relation? _output;
    private Relation? _known;
    private bool _grow;

    // Head tuples derived but not yet tested against the known relation, one after another: tested as a
    // batch, their probes of a large set overlap (Relation.AddAll, AddMissingTo) instead of waiting in turn.
    private const int PendingTuples = 64;
    private readonly int[] _pending;
    private int _pendingLength;
    private int _part;
    private int _parts = 1;

    /// <param name="ordered">The term's atoms in join order (<see cref="JoinOrder"/>).</param>
    public JoinPlan(IrEquation equation, IrGenericTerm term, IReadOnlyList<IrAccess> ordered)
    {
        var known = ordered.SelectMany(a => a.Indices.OfType<IrVariableIndex>()).Select(v => v.Variable.Id).ToHashSet();
        _atoms = [.. ordered];
        _patterns = [.. _atoms.Select(a => new int[a.Indices.Length])];
        _newlyBound = [.. _atoms.Select(a => new List<int>(a.Indices.Length))];
        _free = [.. term.Variables.Where(v => !known.Contains(v.Id))];
        // A check runs after the step that binds its last variable: atom k is step k, free variables follow.
        _checksAfter = [.. Enumerable.Range(0, _atoms.Length + _free.Length + 1).Select(_ => new List<IrExpression>())];
        var boundAt = new Dictionary<int, int>();
        for (var k = 0; k < _atoms.Length; k++)
        {
            foreach (var v in _atoms[k].Indices.OfType<IrVariableIndex>())
                boundAt.TryAdd(v.Variable.Id, k + 1);
        }
        for (var f = 0; f < _free.Length; f++)
            boundAt[_free[f].Id] = _atoms.Length + f + 1;
        foreach (var check in term.Factors.Where(f => f is not IrTensorRead))
        {
            var variables = Variables(check).ToList();
            var step = variables.Count == 0 ? 0 : variables.Max(v => boundAt.GetValueOrDefault(v, 0));
            _checksAfter[step].Add(check);
        }
        _binding = new int[equation.Variables.Length];
        _bound = new bool[equation.Variables.Length];
        _head = new int[equation.TargetAccess.Indices.Length];
        _pending = new int[PendingTuples * _head.Length];
        _relations = new Relation[_atoms.Length];
        _atomSlots = [.. _atoms.Select(a => Slots(a.Indices))];
        _headSlots = Slots(equation.TargetAccess.Indices);
        _buffers = [.. _atoms.Select(a => new int[a.Indices.Length])];
        if (_free.Length == 0 && _atoms.Length > 0 && _checksAfter[_atoms.Length].Count == 0)
            _runTail = RunTail(_atomSlots[^1], _headSlots, [.. _atomSlots[..^1].SelectMany(a => a).Where(v => v >= 0)]);
        _lookupMasks = new int[_atoms.Length];
        var bound = new HashSet<int>();
        for (var k = 0; k < _atoms.Length; k++)
        {
            for (var p = 0; p < _atomSlots[k].Length; p++)
            {
                if (_atomSlots[k][p] < 0 || bound.Contains(_atomSlots[k][p]))
                    _lookupMasks[k] |= 1 << p;
            }
            bound.UnionWith(_atomSlots[k].Where(v => v >= 0));
        }
        (_intersections, _intersectVariable) = Intersections(_atomSlots);
        (_intersectPatterns, _runs) = IntersectionState();
    }

    /// <summary>A copy with its own state, to run the same plan on another thread.</summary>
    private JoinPlan(JoinPlan plan)
    {
        (_atoms, _checksAfter, _free, _lookupMasks) = (plan._atoms, plan._checksAfter, plan._free, plan._lookupMasks);
        (_atomSlots, _headSlots, _runTail) = (plan._atomSlots, plan._headSlots, plan._runTail);
        (_intersections, _intersectVariable) = (plan._intersections, plan._intersectVariable);
        (_intersectPatterns, _runs) = IntersectionState();
        _patterns = [.. _atoms.Select(a => new int[a.Indices.Length])];
        _newlyBound = [.. _atoms.Select(a => new List<int>(a.Indices.Length))];
        _buffers = [.. _atoms.Select(a => new int[a.Indices.Length])];
        _binding = new int[plan._binding.Length];
        _bound = new bool[plan._bound.Length];
        _head = new int[plan._head.Length];
        _pending = new int[plan._pending.Length];
        _relations = new Relation[_atoms.Length];
    }

    public JoinPlan Fork() => new(this);

    /// <summary>
    /// For each step whose atom binds exactly one new variable (once): the later atoms in which that variable
    /// is the only one not bound before the step, and the variable (-1 where there are none).
    /// </summary>
    private static (int[][] Atoms, int[] Variable) Intersections(int[][] atomSlots)
    {
        var atoms = new int[atomSlots.Length][];
        var variables = new int[atomSlots.Length];
        var before = new HashSet<int>();
        for (var k = 0; k < atomSlots.Length; k++)
        {
            var fresh = atomSlots[k].Where(v => v >= 0 && !before.Contains(v)).ToList();
            var variable = fresh.Count == 1 ? fresh[0] : -1;
            atoms[k] = variable < 0 ? [] : [.. Enumerable.Range(k + 1, atomSlots.Length - k - 1).Where(j =>
                atomSlots[j].Count(slot => slot == variable) == 1 && atomSlots[j].All(slot => slot < 0 || slot == variable || before.Contains(slot)))];
            variables[k] = atoms[k].Length > 0 ? variable : -1;
            before.UnionWith(atomSlots[k].Where(v => v >= 0));
        }
        return (atoms, variables);
    }

    private (int[][][] Patterns, BitRun[][] Runs) IntersectionState() =>
        ([.. _intersections.Select(atoms => atoms.Select(j => new int[_atomSlots[j].Length]).ToArray())],
         [.. _intersections.Select(atoms => atoms.Length == 0 ? [] : new BitRun[atoms.Length + 1])]);

    /// <summary>The first atom's tensor, when a run can be split over threads by its tuples (a join of two atoms or more).</summary>
    public TensorSymbol? SplitTensor => _atoms.Length > 1 ? _atoms[0].Tensor : null;

    /// <summary>The relations a run reads: the atoms' and the negated atoms'.</summary>
    public IEnumerable<TensorSymbol> Reads =>
        _atoms.Select(a => a.Tensor).Concat(_checksAfter.SelectMany(c => c).OfType<IrUnary>().Select(u => ((IrTensorRead)u.Operand).Access.Tensor)).Distinct();

    /// <summary>
    /// Builds the indexes every lookup of a run without pins will use, so that copies of the plan running on
    /// several threads only read the relations.
    /// </summary>
    public void PrepareIndexes(Func<TensorSymbol, Relation> relations)
    {
        for (var k = 0; k < _atoms.Length; k++)
        {
            relations(_atoms[k].Tensor).PrepareIndex(_lookupMasks[k]);
            // The runs Intersect reads: by every position but the step's variable, of the atoms held as bits.
            foreach (var j in _intersections[k])
            {
                var relation = relations(_atoms[j].Tensor);
                var all = (1 << _atomSlots[j].Length) - 1;
                if (relation.IsDense)
                    relation.PrepareIndex(all & ~(1 << Array.IndexOf(_atomSlots[j], _intersectVariable[k])));
            }
        }
    }

    private static int RunTail(int[] last, int[] head, HashSet<int> boundBefore)
    {
        var tail = 0;
        while (tail < last.Length && tail < head.Length)
        {
            var slot = last[last.Length - 1 - tail];
            if (slot < 0 || boundBefore.Contains(slot) || head[head.Length - 1 - tail] != slot)
                break;
            tail++;
        }
        // The tail's variables appear nowhere else in the atom or the head.
        var tailVariables = last[^tail..];
        if (last[..^tail].Any(tailVariables.Contains) || head[..^tail].Any(tailVariables.Contains) || tailVariables.Distinct().Count() != tail)
            return 0;
        // Everything before the tail is bound when the last atom is reached.
        return last[..^tail].All(slot => slot < 0 || boundBefore.Contains(slot)) ? tail : 0;
    }

    private static int[] Slots(IEnumerable<IrIndexExpression> indices) =>
        [.. indices.Select(i => i switch
        {
            IrVariableIndex v => v.Variable.Id,
            IrConstantIndex c => ~c.Value,
            _ => throw new InvalidOperationException("a rule's atoms have plain indices only"),
        })];

    private static IEnumerable<int> Variables(IrExpression check) => check switch
    {
        IrUnary { Operand: IrTensorRead read } => read.Access.Indices.SelectMany(i => i.Variables()).Select(v => v.Id),
        IrComparison comparison => comparison.Left.Variables().Concat(comparison.Right.Variables()).Select(v => v.Id),
        IrIndexPredicate predicate => predicate.Index.Variables().Select(v => v.Id),
        _ => [],
    };

    /// <summary>
    /// Adds each head tuple the body derives to <paramref name="output"/>, or, given <paramref name="known"/>,
    /// only those it lacks (a semi-naive round's new tuples, without building the rest first).
    /// </summary>
    /// <param name="part">With <paramref name="parts"/> &gt; 1, this run takes only the first atom's tuples numbered part, part + parts, ...</param>
    /// <param name="grow">Add the new tuples to <paramref name="known"/> as well, as they are found: one probe
    /// tests and inserts, where adding <paramref name="output"/> to it afterwards would probe again. Only
    /// for a body that does not read <paramref name="known"/>.</param>
    public void Run(Func<TensorSymbol, Relation> relations, IReadOnlyDictionary<int, int>? pins, Relation output, Relation? known = null, int part = 0, int parts = 1, bool grow = false)
    {
        (_part, _parts, _grow) = (part, parts, grow && known is not null);
        // A run stopped by a limit may have left tuples pending; they are not this run's.
        _pendingLength = 0;
        for (var k = 0; k < _atoms.Length; k++)
            _relations[k] = relations(_atoms[k].Tensor);
        _negated.Clear();
        foreach (var check in _checksAfter.SelectMany(c => c).OfType<IrUnary>())
        {
            var access = ((IrTensorRead)check.Operand).Access;
            _negated[access] = relations(access.Tensor);
        }
        (_output, _known) = (output, known);
        Array.Clear(_bound);
        if (pins is not null)
        {
            foreach (var (ordinal, value) in pins)
            {
                _binding[ordinal] = value;
                _bound[ordinal] = true;
            }
        }
        if (Checks(0))
            Join(0);
        Flush();
        (_output, _known) = (null, null);
        Array.Clear(_relations);
        _negated.Clear();
    }

    private void Join(int step)
    {
        if (step == _atoms.Length)
        {
            Enumerate(0);
            return;
        }
        var slots = _atomSlots[step];
        var pattern = _patterns[step];
        var free = 0;
        for (var p = 0; p < pattern.Length; p++)
        {
            var slot = slots[p];
            pattern[p] = slot < 0 ? ~slot : _bound[slot] ? _binding[slot] : -1;
            if (pattern[p] < 0)
                free++;
        }
        var relation = _relations[step];
        // A split run divides the first atom's tuples; what does not enumerate them is done by the first part.
        var split = step == 0 && _parts > 1;
        if (split && _part != 0 && free == 0)
            return;
        // A fully bound atom is a membership test: no index on all its positions is needed.
        if (free == 0)
        {
            if (relation.Contains(pattern) && Checks(step + 1))
                Join(step + 1);
            return;
        }
        if (step == _atoms.Length - 1 && free == _runTail && relation.IsDense && _known is { IsDense: true } && AddRun(relation, pattern))
            return;
        if (free == 1 && !split && _intersectVariable[step] >= 0 && relation.IsDense && Intersect(step, relation))
            return;
        // The cursor is moved in place: a foreach would copy it, and it is large.
        var cursor = relation.Matches(pattern, _buffers[step]);
        if (split)
        {
            for (var number = 0; cursor.MoveNext(); number++)
            {
                if (number % _parts == _part)
                    Extend(step, slots, cursor.Current);
            }
            return;
        }
        while (cursor.MoveNext())
            Extend(step, slots, cursor.Current);
    }

    /// <summary>
    /// The step's one free variable takes only the values on which its atom and the later atoms left with
    /// just that variable free agree: their runs of bits intersected a word at a time. A 4-cycle
    /// R(a, b), S(b, c), T(c, d), U(d, a) reads the d of T(c, d) and U(d, a) together instead of testing each
    /// d of T against U (which the next steps still do, now always true). The values come in increasing
    /// order, as the atom's own tuples would. False, with nothing done, when no later atom is held as bits.
    /// </summary>
    private bool Intersect(int step, Relation relation)
    {
        var variable = _intersectVariable[step];
        var runs = _runs[step];
        relation.TryFreeRun(_patterns[step], out runs[0]);
        var count = 1;
        var others = _intersections[step];
        for (var i = 0; i < others.Length; i++)
        {
            if (FreeOnly(_atomSlots[others[i]], variable, _intersectPatterns[step][i]) && _relations[others[i]].TryFreeRun(_intersectPatterns[step][i], out runs[count]))
                count++;
        }
        if (count == 1)
            return false;
        var length = runs[0].Length;
        for (var r = 1; r < count; r++)
            length = Math.Min(length, runs[r].Length);
        _bound[variable] = true;
        for (var offset = 0; offset < length; offset += 64)
        {
            var word = runs[0].Read64(offset);
            for (var r = 1; r < count && word != 0; r++)
                word &= runs[r].Read64(offset);
            for (; word != 0; word &= word - 1)
            {
                _binding[variable] = offset + System.Numerics.BitOperations.TrailingZeroCount(word);
                if (Checks(step + 1))
                    Join(step + 1);
            }
        }
        _bound[variable] = false;
        return true;
    }

    /// <summary>An atom's pattern with every position bound but the variable's; false when another is free.</summary>
    private bool FreeOnly(int[] slots, int variable, int[] pattern)
    {
        for (var p = 0; p < slots.Length; p++)
        {
            var slot = slots[p];
            if (slot == variable)
                pattern[p] = -1;
            else if (slot < 0)
                pattern[p] = ~slot;
            else if (_bound[slot])
                pattern[p] = _binding[slot];
            else
                return false;
        }
        return true;
    }

    /// <summary>Binds a matching tuple of the atom at <paramref name="step"/> and goes on to the next step.</summary>
    private void Extend(int step, int[] slots, ReadOnlySpan<int> tuple)
    {
        var newly = _newlyBound[step];
        if (Bind(slots, tuple, newly) && Checks(step + 1))
            Join(step + 1);
        foreach (var ordinal in newly)
            _bound[ordinal] = false;
        newly.Clear();
    }

    /// <summary>The last step as a run of bits: false (nothing done) when a relation is sparse.</summary>
    private bool AddRun(Relation relation, int[] pattern)
    {
        // The pending tuples go first, so that the output keeps the order in which tuples were derived.
        Flush();
        var headBound = _head.Length - _runTail;
        for (var p = 0; p < headBound; p++)
        {
            var slot = _headSlots[p];
            _head[p] = slot >= 0 ? _binding[slot] : ~slot;
        }
        return _grow
            ? _known!.AddMissingFromRun(relation, pattern, pattern.Length - _runTail, _known, _head, headBound, _output)
            : _output!.AddMissingFromRun(relation, pattern, pattern.Length - _runTail, _known!, _head, headBound);
    }

    /// <summary>Binds the atom's free variables from a tuple; false when a variable repeated in the atom disagrees.</summary>
    private bool Bind(int[] slots, ReadOnlySpan<int> tuple, List<int> newly)
    {
        for (var p = 0; p < tuple.Length; p++)
        {
            var ordinal = slots[p];
            if (ordinal < 0)
                continue;
            if (!_bound[ordinal])
            {
                _binding[ordinal] = tuple[p];
                _bound[ordinal] = true;
                newly.Add(ordinal);
            }
            else if (_binding[ordinal] != tuple[p])
            {
                return false;
            }
        }
        return true;
    }

    private void Enumerate(int free)
    {
        if (free == _free.Length)
        {
            Emit();
            return;
        }
        var variable = _free[free];
        if (_bound[variable.Id])
        {
            if (Checks(_atoms.Length + free + 1))
                Enumerate(free + 1);
            return;
        }
        _bound[variable.Id] = true;
        for (var value = 0; value < variable.Size; value++)
        {
            _binding[variable.Id] = value;
            if (Checks(_atoms.Length + free + 1))
                Enumerate(free + 1);
        }
        _bound[variable.Id] = false;
    }

    private bool Checks(int step)
    {
        foreach (var check in _checksAfter[step])
        {
            var holds = check switch
            {
                IrUnary { Operand: IrTensorRead read } => !Holds(read.Access),
                IrComparison comparison => comparison.Holds(_binding),
                IrIndexPredicate predicate => predicate.Holds(_binding),
                _ => true,
            };
            if (!holds)
                return false;
        }
        return true;
    }

    private bool Holds(IrAccess access)
    {
        Span<int> cell = stackalloc int[access.Indices.Length];
        for (var p = 0; p < cell.Length; p++)
            cell[p] = (int)access.Indices[p].Evaluate(_binding);
        return _negated[access].Contains(cell);
    }

    private void Emit()
    {
        for (var p = 0; p < _head.Length; p++)
        {
            var slot = _headSlots[p];
            _head[p] = slot >= 0 ? _binding[slot] : ~slot;
        }
        if (_known is null)
        {
            _output!.Add(_head);
            return;
        }
        _head.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += _head.Length;
        if (_pendingLength == _pending.Length)
            Flush();
    }

    /// <summary>Tests the pending tuples against the known relation as one batch.</summary>
    private void Flush()
    {
        if (_pendingLength == 0)
            return;
        var pending = _pending.AsSpan(0, _pendingLength);
        _pendingLength = 0;
        if (_grow)
            _known!.AddAll(pending, _output);
        else
            _known!.AddMissingTo(pending, _output!);
    }
}
