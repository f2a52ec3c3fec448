using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Runtime.Reference;

/// <summary>
/// Enumerates the bindings of one term, the definition of an equation's meaning made executable: every
/// assignment of the term's variables (and the left-hand side's) such that every index expression lies in
/// its domain and every top-level Boolean factor holds. Boolean tensor factors are used as generators,
/// binding their variables from the relation's tuples (a database join); the remaining variables range
/// over their whole domains. Each binding is handed to the sink with its value, sign · Π factors.
/// </summary>
internal sealed class TermEvaluator
{
    private readonly IrGenericTerm _term;
    private readonly ICellReader _reader;
    private readonly List<IrTensorRead> _generators;
    private readonly List<IrAccess> _checkedReferences;
    private readonly IrIndex[] _variables;
    private readonly int[] _binding;
    private readonly bool[] _bound;
    private long _bindings;

    public TermEvaluator(IrEquation equation, IrGenericTerm term, ICellReader reader)
    {
        _term = term;
        _reader = reader;
        _generators = [.. term.Factors.OfType<IrTensorRead>().Where(r => r.Access.Tensor.IsBoolean)];
        _checkedReferences = [equation.TargetAccess, .. term.Factors.SelectMany(f => f.Reads())];
        _variables = [.. term.Variables];
        _binding = new int[equation.Variables.Length];
        _bound = new bool[equation.Variables.Length];
    }

    /// <summary>
    /// Calls <paramref name="sink"/> for every binding; <paramref name="fixedValues"/> pins variables
    /// (by ordinal) to values, e.g. the loop index of a virtual loop or the cell a backward query asks for.
    /// </summary>
    public void Run(IReadOnlyDictionary<int, int> fixedValues, Action<int[], double> sink)
    {
        Array.Clear(_bound);
        foreach (var (ordinal, value) in fixedValues)
        {
            _binding[ordinal] = value;
            _bound[ordinal] = true;
        }
        Generate(0, sink);
    }

    private void Generate(int generator, Action<int[], double> sink)
    {
        if (generator == _generators.Count)
        {
            Enumerate(0, sink);
            return;
        }
        var reference = _generators[generator].Access;
        Span<int> pattern = stackalloc int[reference.Indices.Length];
        for (var p = 0; p < pattern.Length; p++)
        {
            var index = reference.Indices[p];
            if (index.Variables().All(v => _bound[v.Id]))
            {
                var value = index.Evaluate(_binding);
                if (value < 0 || value >= reference.Tensor.Domains[p].Size)
                    return;
                pattern[p] = (int)value;
            }
            else
            {
                pattern[p] = -1;
            }
        }
        var newlyBound = new List<int>();
        // A position like x+y with y still free binds nothing here and is checked when the binding is
        // complete; tuples that differ only there would bind the same variables again, so skip repeats.
        var seen = pattern.Contains(-1) && reference.Indices.Any(i => i is not IrVariableIndex) ? new HashSet<string>() : null;
        foreach (var tuple in _reader.Match(reference.Tensor, pattern))
        {
            if (!BindFromTuple(reference, tuple, newlyBound)
                || seen is not null && !seen.Add(string.Join(",", newlyBound.Select(o => _binding[o]))))
            {
                Unbind(newlyBound);
                continue;
            }
            Generate(generator + 1, sink);
            Unbind(newlyBound);
        }
    }

    /// <summary>Binds the free plain variables of a generator from a tuple; false when the tuple disagrees.</summary>
    private bool BindFromTuple(IrAccess reference, int[] tuple, List<int> newlyBound)
    {
        for (var p = 0; p < tuple.Length; p++)
        {
            if (reference.Indices[p] is IrVariableIndex { Variable.Id: var ordinal })
            {
                if (!_bound[ordinal])
                {
                    _binding[ordinal] = tuple[p];
                    _bound[ordinal] = true;
                    newlyBound.Add(ordinal);
                }
                else if (_binding[ordinal] != tuple[p])
                {
                    return false;
                }
            }
        }
        // Positions with arithmetic (Edge(x, y+1)) are checked once their variables are bound.
        for (var p = 0; p < tuple.Length; p++)
        {
            var index = reference.Indices[p];
            if (index is not IrVariableIndex && index.Variables().All(v => _bound[v.Id]) && index.Evaluate(_binding) != tuple[p])
                return false;
        }
        return true;
    }

    private void Unbind(List<int> newlyBound)
    {
        foreach (var ordinal in newlyBound)
            _bound[ordinal] = false;
        newlyBound.Clear();
    }

    private void Enumerate(int position, Action<int[], double> sink)
    {
        while (position < _variables.Length && _bound[_variables[position].Id])
            position++;
        if (position == _variables.Length)
        {
            Emit(sink);
            return;
        }
        var variable = _variables[position];
        _bound[variable.Id] = true;
        for (var value = 0; value < variable.Size; value++)
        {
            _binding[variable.Id] = value;
            Enumerate(position + 1, sink);
        }
        _bound[variable.Id] = false;
    }

    private void Emit(Action<int[], double> sink)
    {
        // A term can enumerate far more bindings than it emits cells: the time limit and Ctrl-C are checked here too.
        if (++_bindings % 65536 == 0)
            Resources.ResourceGuard.Current?.CheckStop();
        foreach (var reference in _checkedReferences)
        {
            for (var p = 0; p < reference.Indices.Length; p++)
            {
                var value = reference.Indices[p].Evaluate(_binding);
                if (value < 0 || value >= reference.Tensor.Domains[p].Size)
                    return;
            }
        }
        double product = _term.Sign;
        foreach (var factor in _term.Factors)
        {
            if (IsFilter(factor) && Evaluate(factor) == 0)
                return;
        }
        foreach (var factor in _term.Factors)
            product *= Evaluate(factor);
        sink(_binding, product);
    }

    /// <summary>Top-level Boolean factors decide whether a binding exists at all, not only its value.</summary>
    private static bool IsFilter(IrExpression factor) => factor switch
    {
        IrTensorRead read => read.Access.Tensor.IsBoolean,
        IrUnary { Operator: UnaryOperator.Not } => true,
        IrComparison or IrIndexPredicate => true,
        _ => false,
    };

    private double Evaluate(IrExpression expression) => ExpressionEvaluator.Evaluate(expression, _binding, _reader);
}
