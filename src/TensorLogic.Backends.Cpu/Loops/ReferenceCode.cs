using System.Linq.Expressions;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>Where the element a reference denotes is found.</summary>
internal enum ReferenceStorage
{
    /// <summary>The accumulator's values: the target cell.</summary>
    Target,

    /// <summary>A real tensor's data array.</summary>
    Array,

    /// <summary>A relation tested through a mask, a code set or the tuple itself (<see cref="ProbeKind"/>).</summary>
    Probe,

    /// <summary>A relation enumerated by a generator: its positions are only range-checked.</summary>
    Generator,
}

/// <summary>
/// The code of one tensor reference of a term: the range check of each position, at the level where the
/// position's index becomes known (a binding with an index outside its domain does not exist), and the
/// element's offset (or a relation tuple's code), built up level by level from partial sums so that the
/// innermost loop adds only its own position's share.
/// </summary>
internal sealed class ReferenceCode
{
    private readonly LoopPlan _plan;
    private readonly NestScope _scope;
    private readonly int[] _readyLevels;
    private readonly long[] _multipliers;
    private Expression? _partial;

    public ReferenceCode(BoundTensorRef reference, ReferenceStorage storage, ProbeKind probe, LoopPlan plan, NestScope scope)
    {
        Reference = reference;
        Storage = storage;
        Probe = probe;
        _plan = plan;
        _scope = scope;
        _readyLevels = [.. reference.Indices.Select(i => plan.ReadyLevel(i.Variables()))];
        _multipliers = RelationProbes.Radices(reference.Tensor);
    }

    public BoundTensorRef Reference { get; }

    public ReferenceStorage Storage { get; }

    public ProbeKind Probe { get; }

    /// <summary>The data array, mask, set or relation this reference reads (set by the compiler).</summary>
    public ParameterExpression? Source { get; set; }

    /// <summary>For <see cref="ProbeKind.Tuple"/>: the array the tuple is written into.</summary>
    public ParameterExpression? Tuple { get; set; }

    /// <summary>Jumps to <paramref name="skip"/> when a position known at <paramref name="level"/> lies outside its domain.</summary>
    public void EmitChecks(int level, List<Expression> statements, LabelTarget skip)
    {
        var indices = Reference.Indices;
        for (var p = 0; p < indices.Length; p++)
        {
            var size = Reference.Tensor.Domains[p].Size;
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
        if (Storage == ReferenceStorage.Generator)
            return;
        var indices = Reference.Indices;
        var useLong = Storage == ReferenceStorage.Probe && Probe == ProbeKind.Set;
        var type = useLong ? typeof(long) : typeof(int);
        var sum = _partial;
        for (var p = 0; p < indices.Length; p++)
        {
            if (_readyLevels[p] != level)
                continue;
            var index = useLong ? _scope.Long(indices[p], statements) : _scope.Int(indices[p], statements);
            if (Storage == ReferenceStorage.Probe && Probe == ProbeKind.Tuple)
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
        var local = _scope.Local(type, $"{Reference.Tensor.Name}_off{level}");
        statements.Add(Expression.Assign(local, sum));
        _partial = local;
    }

    /// <summary>The element's offset (or the tuple's code), once every position is known.</summary>
    public Expression Offset =>
        _partial ?? (Storage == ReferenceStorage.Probe && Probe == ProbeKind.Set ? Expression.Constant(0L) : Expression.Constant(0));

    /// <summary>Whether the relation holds at this reference's tuple; for probe references only.</summary>
    public Expression Holds() => Probe switch
    {
        ProbeKind.Mask => Expression.NotEqual(
            Expression.Convert(Expression.ArrayIndex(Source!, Offset), typeof(int)), Expression.Constant(0)),
        ProbeKind.Set => Expression.Call(Source!, typeof(HashSet<long>).GetMethod(nameof(HashSet<long>.Contains))!, Offset),
        _ => Expression.Call(typeof(RelationProbes), nameof(RelationProbes.Contains), null, Source!, Tuple!),
    };
}
