using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// A term that is not a pure einsum (index arithmetic, inner calls, comparisons, negation, max=/avg=, ...)
/// compiled into a loop nest over its bindings. It computes exactly what the reference TermEvaluator
/// does: for every binding of the term's variables whose indices lie in their domains and whose
/// top-level Boolean factors hold, sign · Π factors is combined into the target cell.
/// The nest is compiled once per set of pinned variables (and aggregation) and reused; an instance runs one
/// <see cref="Execute"/> at a time.
/// The term alone does not say where its value goes: the equation gives the target's access (the cell each
/// binding reaches), the binding's length and the aggregation.
/// </summary>
public sealed class LoopKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IrEquation _equation;
    private readonly IrGenericTerm _term;
    private readonly HashSet<int> _termOrdinals;
    private readonly TensorSymbol[] _realReads;
    private static readonly HashSet<TensorSymbol> NoneWeighted = [];
    private readonly Dictionary<string, CompiledNest<T>> _nests = [];
    private readonly ProbeCache _probes = new();

    public LoopKernel(IrEquation equation, IrGenericTerm term)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"loop kernels compute in float or double, not {typeof(T).Name}");
        _equation = equation;
        _term = term;
        _termOrdinals = [.. term.Variables.Select(v => v.Id)];
        _realReads = [.. term.Factors.SelectMany(f => f.Reads()).Select(a => a.Tensor).Where(t => !t.IsBoolean).Distinct()];
        // Compile now the nest a caller will most likely ask for: a virtual loop's terms run with its step pinned.
        int[] pinned = equation.LoopVariable is { } loop && _termOrdinals.Contains(loop.Id) ? [loop.Id] : [];
        NestFor(pinned, equation.Aggregation, NoneWeighted);
    }

    /// <summary>
    /// Combines every binding (with the variables in <paramref name="pinned"/>, ordinal → value, fixed) into
    /// <paramref name="accumulator"/>: its values with the accumulator's aggregation, and its counts.
    /// </summary>
    public void Execute(IOperandSource<T> source, TermAccumulator<T> accumulator, IReadOnlyDictionary<int, int>? pinned = null)
    {
        var target = _equation.Target;
        if (!accumulator.Values.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException($"accumulator of shape [{string.Join(", ", accumulator.Values.Shape)}] for '{target.Name}' of shape [{string.Join(", ", target.Shape)}]");
        var ordinals = pinned?.Keys.Where(_termOrdinals.Contains).Order().ToArray() ?? [];
        // Whether a tensor is held as weighted tuples is known only from its value: the nest reads those cell by cell.
        var weighted = _realReads.Where(t => source.Sparse(t) is not null).ToHashSet();
        var nest = NestFor(ordinals, accumulator.Aggregation, weighted);
        var binding = new int[_equation.Variables.Length];
        foreach (var ordinal in ordinals)
            binding[ordinal] = pinned![ordinal];
        nest.Run(new KernelArguments<T>
        {
            Arrays = [.. nest.ArrayTensors.Select(t => DenseData(source, t))],
            Weighted = [.. nest.WeightedTensors.Select(t => source.Sparse(t)!)],
            Masks = [.. nest.MaskTensors.Select(t => _probes.Mask(t, source.Relation(t)))],
            Sets = [.. nest.SetTensors.Select(t => _probes.Set(t, source.Relation(t)))],
            Relations = [.. nest.RelationTensors.Select(source.Relation)],
            Scratch = [.. nest.ScratchLengths.Select(length => new int[length])],
            Binding = binding,
            Values = accumulator.Values.Data,
            Counts = accumulator.Counts,
        });
    }

    /// <summary>The nest for the given pinned ordinals, as the kernel would run it (for tests and dumps).</summary>
    internal CompiledNest<T> NestFor(params int[] pinned) => NestFor([.. pinned.Where(_termOrdinals.Contains).Order()], _equation.Aggregation, NoneWeighted);

    private CompiledNest<T> NestFor(int[] pinned, Aggregation aggregation, IReadOnlySet<TensorSymbol> weighted)
    {
        var key = $"{aggregation}:{string.Join(",", pinned)}:{string.Join(",", _realReads.Where(weighted.Contains).Select(t => t.Name))}";
        if (!_nests.TryGetValue(key, out var nest))
        {
            nest = LoopNestCompiler<T>.Compile(_equation, _term, aggregation, pinned, weighted);
            _nests.Add(key, nest);
        }
        return nest;
    }

    /// <summary>The nest indexes data with strides from the tensor's shape, so the buffer must have exactly that shape.</summary>
    private static T[] DenseData(IOperandSource<T> source, TensorSymbol tensor)
    {
        var buffer = source.Dense(tensor);
        if (!buffer.Shape.SequenceEqual(tensor.Shape))
            throw new ArgumentException($"buffer of shape [{string.Join(", ", buffer.Shape)}] for '{tensor.Name}' of shape [{string.Join(", ", tensor.Shape)}]");
        return buffer.Data;
    }
}

/// <summary>Masks and code sets of relations, kept while the relation is the same object with the same count (relations only grow).</summary>
internal sealed class ProbeCache
{
    private readonly Dictionary<TensorSymbol, (Relation Relation, int Count, object Probe)> _cache = [];

    public byte[] Mask(TensorSymbol tensor, Relation relation) => (byte[])Get(tensor, relation, RelationProbes.BuildMask);

    public HashSet<long> Set(TensorSymbol tensor, Relation relation) => (HashSet<long>)Get(tensor, relation, RelationProbes.BuildSet);

    private object Get(TensorSymbol tensor, Relation relation, Func<TensorSymbol, Relation, object> build)
    {
        if (_cache.TryGetValue(tensor, out var entry) && ReferenceEquals(entry.Relation, relation) && entry.Count == relation.Count)
            return entry.Probe;
        var probe = build(tensor, relation);
        _cache[tensor] = (relation, relation.Count, probe);
        return probe;
    }
}
