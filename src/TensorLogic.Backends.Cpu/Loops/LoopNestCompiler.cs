using System.Linq.Expressions;
using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// Compiles a term into a loop nest (an expression tree, compiled to IL or interpreted: <see cref="NestRunner{T}"/>) following a <see cref="LoopPlan"/>.
/// Each level's body does, in order: the range checks of the positions that became known, the offsets'
/// new shares, the filters that became decidable, the factors that became computable (hoisted into
/// locals), then the next level's loop. At the innermost level the binding's value, sign · Π factors, is
/// combined into its cell; when loops remain inside the cell level they reduce into a register first.
/// <code>
/// F[c2, x, y] = W[c2, c, dx, dy] I[c, x+dx, y+dy]   ----->
/// for c2, x, y { off_F = ...; acc = -0; n = 0
///   for c { for dx { i1 = x+dx; if ((ulong)i1 >= 6) continue; ...
///     for dy { i2 = y+dy; if ((ulong)i2 >= 6) continue; acc += W[offW + dy] * I[offI + (int)i2]; n++ } } }
///   if (n > 0) { Values[off_F] = Counts[off_F] == 0 ? acc : Values[off_F] + acc; Counts[off_F] += n } }
/// </code>
/// </summary>
internal sealed partial class LoopNestCompiler<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IrGenericTerm _term;
    private readonly Aggregation _aggregation;
    private readonly LoopPlan _plan;
    private readonly NestScope _scope = new();
    private readonly ParameterExpression _args = Expression.Parameter(typeof(KernelArguments<T>), "args");
    private readonly List<AccessCode> _accesses = [];
    private readonly Dictionary<IrAccess, AccessCode> _accessOf = new(ReferenceEqualityComparer.Instance);
    private readonly List<(IrExpression Factor, int Level)> _filters = [];
    private readonly List<(IrExpression Factor, int Level, ParameterExpression Local)> _factors = [];
    private readonly ValueCode<T> _values;
    private readonly AccessCode _target;
    private readonly ParameterExpression _cellValues;
    private readonly ParameterExpression _cellCounts;
    private readonly ParameterExpression _accumulated;
    private readonly ParameterExpression _reached;
    private readonly ParameterExpression _ticks;
    private readonly IReadOnlySet<TensorSymbol> _weighted;

    private LoopNestCompiler(IrEquation equation, IrGenericTerm term, Aggregation aggregation, LoopPlan plan, IReadOnlySet<TensorSymbol> weighted)
    {
        _weighted = weighted;
        _term = term;
        _aggregation = aggregation;
        _plan = plan;
        _values = new ValueCode<T>(_scope, r => _accessOf[r]);
        _cellValues = Slot(typeof(T[]), "values", nameof(KernelArguments<T>.Values), null);
        _cellCounts = Slot(typeof(int[]), "counts", nameof(KernelArguments<T>.Counts), null);
        _accumulated = _scope.Local(typeof(T), "acc");
        _reached = _scope.Local(typeof(int), "n");
        _ticks = _scope.Local(typeof(int), "ticks");
        _target = AddAccess(equation.TargetAccess, AccessStorage.Target);
        _target.Source = _cellValues;
        foreach (var factor in term.Factors)
            AddFactor(factor);
    }

    /// <param name="weighted">Real tensors held as weighted tuples: read by cell number, not from an array.</param>
    public static CompiledNest<T> Compile(IrEquation equation, IrGenericTerm term, Aggregation aggregation, IReadOnlyCollection<int> pinned,
        IReadOnlySet<TensorSymbol> weighted)
    {
        var plan = LoopPlanner.Plan(equation, term, pinned);
        var compiler = new LoopNestCompiler<T>(equation, term, aggregation, plan, weighted);
        return new CompiledNest<T>
        {
            Runner = new NestRunner<T>(compiler.Build(), Bindings(term, pinned)),
            Plan = plan,
            ArrayTensors = compiler._arrayTensors,
            WeightedTensors = compiler._weightedTensors,
            MaskTensors = compiler._maskTensors,
            SetTensors = compiler._setTensors,
            RelationTensors = compiler._relationTensors,
            ScratchLengths = compiler._scratchLengths,
        };
    }

    /// <summary>An upper bound of the bindings of one run: every free variable over its whole range.</summary>
    private static double Bindings(IrGenericTerm term, IReadOnlyCollection<int> pinned) =>
        term.Variables.Where(v => !pinned.Contains(v.Id)).Aggregate(1.0, (product, v) => product * v.Size);

    private void AddFactor(IrExpression factor)
    {
        var level = _plan.ReadyLevel(factor.Variables());
        if (factor is IrTensorRead { Access.Tensor.IsBoolean: true } read && _plan.IsGenerator(read))
        {
            // Enumerated by its generator, so it holds for every binding: nothing to test or multiply.
            AddAccess(read.Access, AccessStorage.Generator);
            return;
        }
        foreach (var access in factor.Reads())
            AddAccess(access, access.Tensor.IsBoolean ? AccessStorage.Probe : _weighted.Contains(access.Tensor) ? AccessStorage.Weighted : AccessStorage.Array);
        if (IsFilter(factor))
            _filters.Add((factor, level));
        else
            _factors.Add((factor, level, _scope.Local(typeof(T), $"f{_factors.Count}")));
    }

    /// <summary>The same classification as the reference's TermEvaluator: these decide whether a binding exists.</summary>
    private static bool IsFilter(IrExpression factor) => factor switch
    {
        IrTensorRead read => read.Access.Tensor.IsBoolean,
        IrUnary { Operator: UnaryOperator.Not } => true,
        IrComparison or IrIndexPredicate => true,
        _ => false,
    };

    private AccessCode AddAccess(IrAccess access, AccessStorage storage)
    {
        var probe = storage == AccessStorage.Probe ? RelationProbes.KindFor(access.Tensor) : ProbeKind.Mask;
        var code = new AccessCode(access, storage, probe, _plan, _scope);
        if (storage == AccessStorage.Array)
            code.Source = ArraySlot(access.Tensor);
        else if (storage == AccessStorage.Weighted)
            code.Source = TensorSlot(typeof(Runtime.Values.SparseTensor), nameof(KernelArguments<T>.Weighted), access.Tensor, _weightedTensors);
        else if (storage == AccessStorage.Probe)
            BindProbe(code);
        _accesses.Add(code);
        _accessOf[access] = code;
        return code;
    }

    private Expression<Action<KernelArguments<T>>> Build()
    {
        var done = Expression.Label("done");
        var pinned = new List<Expression>();
        foreach (var variable in ((EntryLevel)_plan.Levels[0]).Pinned)
        {
            var binding = Expression.Field(_args, nameof(KernelArguments<T>.Binding));
            pinned.Add(Expression.Assign(_scope.Variable(variable), Expression.ArrayIndex(binding, Expression.Constant(variable.Id))));
        }
        var nest = Level(0, done);
        // Building the nest adds slots (generators' relations and patterns) and locals, so the entry and the block come last.
        var block = Expression.Block(_scope.Locals, [.. _entry, .. pinned, nest, Expression.Label(done)]);
        return Expression.Lambda<Action<KernelArguments<T>>>(block, _args);
    }

    /// <summary>The work of level <paramref name="level"/>, then the levels inside it; <paramref name="skip"/> abandons the current binding.</summary>
    private Expression Level(int level, LabelTarget skip)
    {
        var statements = new List<Expression>();
        if (level > 0)
            statements.Add(TimeCheck());
        foreach (var access in _accesses)
            access.EmitChecks(level, statements, skip);
        foreach (var access in _accesses)
            access.EmitOffset(level, statements);
        foreach (var (factor, _) in _filters.Where(f => f.Level == level))
            statements.Add(Expression.IfThen(Expression.Not(_values.Holds(factor, statements)), Expression.Goto(skip)));
        foreach (var (factor, _, local) in _factors.Where(f => f.Level == level))
            statements.Add(Expression.Assign(local, _values.Value(factor, statements)));

        var reduces = level == _plan.CellLevel && _plan.ReducesInRegisters;
        if (reduces)
        {
            statements.Add(Expression.Assign(_accumulated, ValueCode<T>.Constant(Identity())));
            statements.Add(Expression.Assign(_reached, Expression.Constant(0)));
        }
        statements.Add(level == _plan.InnermostLevel ? Innermost() : Loop(level + 1));
        if (reduces)
        {
            statements.Add(Expression.IfThen(
                Expression.GreaterThan(_reached, Expression.Constant(0)),
                Store(_accumulated, _reached)));
        }
        statements.Add(Expression.Empty());
        return Expression.Block(statements);
    }

    /// <summary>
    /// Every 65,536 steps of any loop, the run's time limit (<c>--timeout</c>) and the caller's cancellation
    /// (Ctrl-C in the REPL): a nest over billions of bindings (a join of 70 factors, evaluated binding by
    /// binding) must stop like every other kernel.
    /// </summary>
    private Expression TimeCheck() => Expression.IfThen(
        Expression.Equal(Expression.And(Expression.PreIncrementAssign(_ticks), Expression.Constant(0xFFFF)), Expression.Constant(0)),
        Expression.Call(typeof(LoopNestCompiler<T>).GetMethod(nameof(CheckStop), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!));

    private static void CheckStop() => Runtime.Resources.ResourceGuard.Current?.CheckStop();

    private Expression Loop(int level) => _plan.Levels[level] switch
    {
        DenseLevel dense => DenseLoop(level, dense),
        GeneratorLevel generator => GeneratorLoop(level, generator),
        _ => throw new InvalidOperationException("the entry level is not a loop"),
    };

    private Expression DenseLoop(int level, DenseLevel dense)
    {
        var variable = _scope.Variable(dense.Variable);
        var next = Expression.Label($"next_{dense.Variable.Name}");
        var exit = Expression.Label($"exit_{dense.Variable.Name}");
        var body = Expression.Block(
            Expression.IfThen(Expression.GreaterThanOrEqual(variable, Expression.Constant(dense.Variable.Size)), Expression.Break(exit)),
            Level(level, next),
            Expression.Label(next),
            Expression.PreIncrementAssign(variable));
        return Expression.Block(Expression.Assign(variable, Expression.Constant(0)), Expression.Loop(body, exit));
    }
}
