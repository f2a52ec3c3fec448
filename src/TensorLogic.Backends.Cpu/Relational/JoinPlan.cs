using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Relational;

/// <summary>
/// The order in which one rule body is joined, fixed when the kernel is compiled: delta atoms first (the
/// tuples new in the last round are few), then at each step the atom with the most positions already bound,
/// so lookups go through an index; each check (a negated atom, a comparison) runs right after the atom that
/// binds its last variable; variables no atom binds are enumerated over their domains at the end.
/// </summary>
internal sealed class JoinPlan
{
    private readonly IrEquation _equation;
    private readonly IrAccess[] _atoms;
    private readonly int[][] _patterns;
    private readonly List<int>[] _newlyBound;
    private readonly List<IrExpression>[] _checksAfter;
    private readonly IrIndex[] _free;
    private readonly int[] _binding;
    private readonly bool[] _bound;
    private readonly int[] _head;

    public JoinPlan(IrEquation equation, IrGenericTerm term)
    {
        _equation = equation;
        var atoms = term.Factors.OfType<IrTensorRead>().Select(r => r.Access).ToList();
        var ordered = new List<IrAccess>();
        var known = new HashSet<int>();
        while (atoms.Count > 0)
        {
            var next = atoms
                .OrderByDescending(a => a.Tensor.IsSynthesized)
                .ThenByDescending(a => a.Indices.Count(i => i is IrConstantIndex || i is IrVariableIndex v && known.Contains(v.Variable.Id)))
                .First();
            atoms.Remove(next);
            ordered.Add(next);
            known.UnionWith(next.Indices.OfType<IrVariableIndex>().Select(v => v.Variable.Id));
        }
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
    }

    private static IEnumerable<int> Variables(IrExpression check) => check switch
    {
        IrUnary { Operand: IrTensorRead read } => read.Access.Indices.SelectMany(i => i.Variables()).Select(v => v.Id),
        IrComparison comparison => comparison.Left.Variables().Concat(comparison.Right.Variables()).Select(v => v.Id),
        IrIndexPredicate predicate => predicate.Index.Variables().Select(v => v.Id),
        _ => [],
    };

    public void Run(ICellReader values, IReadOnlyDictionary<int, int>? pins, Relation output)
    {
        Array.Clear(_bound);
        if (pins is not null)
        {
            foreach (var (ordinal, value) in pins)
            {
                _binding[ordinal] = value;
                _bound[ordinal] = true;
            }
        }
        if (Checks(0, values))
            Join(0, values, output);
    }

    private void Join(int step, ICellReader values, Relation output)
    {
        if (step == _atoms.Length)
        {
            Enumerate(0, values, output);
            return;
        }
        var atom = _atoms[step];
        var pattern = _patterns[step];
        for (var p = 0; p < pattern.Length; p++)
        {
            pattern[p] = atom.Indices[p] switch
            {
                IrConstantIndex c => c.Value,
                IrVariableIndex v when _bound[v.Variable.Id] => _binding[v.Variable.Id],
                _ => -1,
            };
        }
        var newly = _newlyBound[step];
        foreach (var tuple in values.Match(atom.Tensor, pattern))
        {
            if (Bind(atom, tuple, newly) && Checks(step + 1, values))
                Join(step + 1, values, output);
            foreach (var ordinal in newly)
                _bound[ordinal] = false;
            newly.Clear();
        }
    }

    /// <summary>Binds the atom's free variables from a tuple; false when a variable repeated in the atom disagrees.</summary>
    private bool Bind(IrAccess atom, int[] tuple, List<int> newly)
    {
        for (var p = 0; p < tuple.Length; p++)
        {
            if (atom.Indices[p] is not IrVariableIndex { Variable.Id: var ordinal })
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

    private void Enumerate(int free, ICellReader values, Relation output)
    {
        if (free == _free.Length)
        {
            Emit(output);
            return;
        }
        var variable = _free[free];
        if (_bound[variable.Id])
        {
            if (Checks(_atoms.Length + free + 1, values))
                Enumerate(free + 1, values, output);
            return;
        }
        _bound[variable.Id] = true;
        for (var value = 0; value < variable.Size; value++)
        {
            _binding[variable.Id] = value;
            if (Checks(_atoms.Length + free + 1, values))
                Enumerate(free + 1, values, output);
        }
        _bound[variable.Id] = false;
    }

    private bool Checks(int step, ICellReader values)
    {
        foreach (var check in _checksAfter[step])
        {
            var holds = check switch
            {
                IrUnary { Operand: IrTensorRead read } => !Holds(read.Access, values),
                IrComparison comparison => comparison.Holds(_binding),
                IrIndexPredicate predicate => predicate.Holds(_binding),
                _ => true,
            };
            if (!holds)
                return false;
        }
        return true;
    }

    private bool Holds(IrAccess access, ICellReader values)
    {
        Span<int> cell = stackalloc int[access.Indices.Length];
        for (var p = 0; p < cell.Length; p++)
            cell[p] = (int)access.Indices[p].Evaluate(_binding);
        return values.Get(access.Tensor, cell) > 0;
    }

    private void Emit(Relation output)
    {
        var head = _equation.TargetAccess.Indices;
        for (var p = 0; p < _head.Length; p++)
            _head[p] = (int)head[p].Evaluate(_binding);
        output.Add(_head);
    }
}
