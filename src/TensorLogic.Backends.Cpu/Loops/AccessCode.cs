using System.Linq.Expressions;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>Where the element a tensor access denotes is found.</summary>
internal enum AccessStorage
{
    /// <summary>The accumulator's values: the target cell.</summary>
    Target,

    /// <summary>A real tensor's data array.</summary>
    Array,

    /// <summary>A real tensor held as weighted tuples, read by the cell's row-major number (a long).</summary>
    Weighted,

    /// <summary>A relation tested through a mask, a code set or the tuple itself (<see cref="ProbeKind"/>).</summary>
    Probe,

    /// <summary>A relation enumerated by a generator: its positions are only range-checked.</summary>
    Generator,
}

/// <summary>
/// The code of one tensor access of a term (an <see cref="IrAccess"/> in a factor or the target): the range check of each position, at the level where the
/// position's index becomes known (a binding with an index outside its domain does not exist), and the
/// element's offset (or a relation tuple's code), built up level by level from partial sums so that the
/// innermost loop adds only its own position's share.
/// </summary>
internal sealed class AccessCode
{
    private readonly LoopPlan _plan;
    private readonly NestScope _scope;
    private readonly int[] _readyLevels;
    private readonly long[] _multipliers;
    private Expression? _partial;

    public AccessCode(IrAccess access, AccessStorage storage, ProbeKind probe, LoopPlan plan, NestScope scope)
    {
        Access = access;
        Storage = storage;
        Probe = probe;
        _plan = plan;
        _scope = scope;
        _readyLevels = [.. access.Indices.Select(i => plan.ReadyLevel(i.Variables()))];
        _multipliers = RelationProbes.Radices(access.Tensor);
    }

    public IrAccess Access { get; }

    public AccessStorage Storage { get; }

    public ProbeKind Probe { get; }

    /// <summary>The data array, mask, set or relation this access reads (set by the compiler).</summary>
    public ParameterExpression? Source { get; set; }

    /// <summary>For <see cref="ProbeKind.Tuple"/>: the array the tuple is written into.</summary>
    public ParameterExpression? Tuple { get; set; }

    /// <summary>Jumps to <paramref name="skip"/> when a position known at <paramref name="level"/> lies outside its domain.</summary>
    public void EmitChecks(int level, List<Expression> statements, LabelTarget skip)
    {
        var indices = Access.Indices;
        for (var p = 0; p < indices.Length; p++)
        {
            var size = Access.Tensor.Domains[p].Size;
            if (_readyLevels[p] != level || _plan.IsInRange(indices[p], size))
                continue;
            // One unsigned comparison rejects both negative values and values past the end.
            var value = Expression.Convert(_scope.Long(indices[p], statements), typeof(ulong));
            statements.Add(Expression.IfThen(
                Expression.GreaterThanOrEqual(value, Expression.Constant((ulong)size)),
                Expression.Goto(skip)));
        }
    }

    /// <summary>Adds the shares of the positions known at <paramref name="level"/> to the offset (or code, or tuple).</summary>
    public void EmitOffset(int level, List<Expression> statements)
    {
        if (Storage == AccessStorage.Generator)
            return;
        var indices = Access.Indices;
        var useLong = UsesLong;
        var type = useLong ? typeof(long) : typeof(int);
        var sum = _partial;
        for (var p = 0; p < indices.Length; p++)
        {
            if (_readyLevels[p] != level)
                continue;
            var index = useLong ? _scope.Long(indices[p], statements) : _scope.Int(indices[p], statements);
            if (Storage == AccessStorage.Probe && Probe == ProbeKind.Tuple)
            {
                statements.Add(Expression.Assign(Expression.ArrayAccess(Tuple!, Expression.Constant(p)), index));
                continue;
            }
            var multiplier = useLong ? Expression.Constant(_multipliers[p]) : Expression.Constant((int)_multipliers[p]);
            Expression share = _multipliers[p] == 1 ? index : Expression.Multiply(index, multiplier);
            sum = sum is null ? share : Expression.Add(sum, share);
        }
        if (sum is null || ReferenceEquals(sum, _partial))
            return;
        var local = _scope.Local(type, $"{Access.Tensor.Name}_off{level}");
        statements.Add(Expression.Assign(local, sum));
        _partial = local;
    }

    /// <summary>The element's offset (or the tuple's code), once every position is known.</summary>
    public Expression Offset => _partial ?? (UsesLong ? Expression.Constant(0L) : Expression.Constant(0));

    /// <summary>Set codes and weighted tuples' cell numbers are longs: their shapes may have more cells than an array.</summary>
    private bool UsesLong => Storage == AccessStorage.Weighted || Storage == AccessStorage.Probe && Probe == ProbeKind.Set;

    /// <summary>The element of a real tensor at this access, in double for a weighted one.</summary>
    public Expression Element => Storage == AccessStorage.Weighted
        ? Expression.Call(Source!, typeof(Runtime.Values.SparseTensor).GetMethod(nameof(Runtime.Values.SparseTensor.Get), [typeof(long)])!, Offset)
        : Expression.ArrayIndex(Source!, Offset);

    /// <summary>Whether the relation holds at this access's tuple; for probe accesses only.</summary>
    public Expression Holds() => Probe switch
    {
        ProbeKind.Mask => Expression.NotEqual(
            Expression.Convert(Expression.ArrayIndex(Source!, Offset), typeof(int)), Expression.Constant(0)),
        ProbeKind.Set => Expression.Call(Source!, typeof(HashSet<long>).GetMethod(nameof(HashSet<long>.Contains))!, Offset),
        _ => Expression.Call(typeof(RelationProbes), nameof(RelationProbes.Contains), null, Source!, Tuple!),
    };
}
