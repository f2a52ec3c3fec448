using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// The values of a program's tensors: their initial contents (data, facts and literals summed, or
/// united for relations), and the current value of each tensor computed so far.
/// </summary>
public sealed class TensorStore
{
    private readonly Dictionary<TensorSymbol, TensorValue> _initial = [];
    private readonly Dictionary<TensorSymbol, TensorValue> _current = [];
    private readonly ILookup<TensorSymbol, BoundData> _data;
    private readonly HashSet<TensorSymbol> _replaced = [];

    public TensorStore(BoundProgram program)
    {
        Program = program;
        _data = program.Data.ToLookup(d => d.Tensor);
    }

    public BoundProgram Program { get; }

    /// <summary>The tensor's data, built on first use: a large result tensor never needs its zeros.</summary>
    public TensorValue Initial(TensorSymbol tensor)
    {
        if (!_initial.TryGetValue(tensor, out var value))
            _initial[tensor] = value = InitialValue(tensor, _data[tensor]);
        return value;
    }

    /// <summary>Whether the program gives the tensor any data (facts, a literal, a file) or is a constant.</summary>
    public bool HasData(TensorSymbol tensor) => _data[tensor].Any() || tensor.ConstantValue is not null || _replaced.Contains(tensor);

    /// <summary>
    /// Gives a tensor new contents in place of its data: a parameter being learned, a batch of examples.
    /// Everything computed is forgotten, so the next evaluation computes from the new contents.
    /// </summary>
    public void SetData(TensorSymbol tensor, TensorValue value)
    {
        _initial[tensor] = value;
        _replaced.Add(tensor);
        _current.Clear();
    }

    /// <summary>The current value: what was computed, else the initial contents.</summary>
    public TensorValue this[TensorSymbol tensor]
    {
        get => _current.TryGetValue(tensor, out var value) ? value : Initial(tensor);
        set => _current[tensor] = value;
    }

    /// <summary>Drops a computed value (its engine gave the array back); the tensor reads as its initial contents again.</summary>
    public void Forget(TensorSymbol tensor) => _current.Remove(tensor);

    /// <summary>Whether an engine stored a value (the initial contents are not the engine's to give back).</summary>
    public bool IsComputed(TensorSymbol tensor) => _current.ContainsKey(tensor);

    public static TensorValue Empty(TensorSymbol tensor) =>
        tensor.IsBoolean ? new Relation(tensor.Shape) : new DenseTensor<double>(tensor.Shape);

    private static TensorValue InitialValue(TensorSymbol tensor, IEnumerable<BoundData> data)
    {
        if (tensor.ConstantValue is { } constant)
            return new DenseTensor<double>([], [constant]);
        var items = data.ToList();
        // One dense block is the whole value: share its array (initial values are never written to).
        if (!tensor.IsBoolean && items is [DenseData only] && only.Length == tensor.Shape.Aggregate(1, (a, s) => a * s))
        {
            return only.Singles is { } singles
                ? new DenseTensor<float>(tensor.Shape, singles)
                : new DenseTensor<double>(tensor.Shape, only.Values);
        }
        if (SparseValue(tensor, items) is { } weighted)
            return weighted;
        var value = Empty(tensor);
        // A min= or max= tensor combines its data with that operator; a cell without data holds its identity.
        var combination = tensor.Combination;
        if (value is DenseTensor<double> unset && combination != Aggregation.Sum)
            Array.Fill(unset.Data, Accumulation<double>.Identity(combination));
        foreach (var item in items)
        {
            switch (value, item)
            {
                case (Relation relation, DenseData dense):
                    var cell = new int[tensor.Rank];
                    var layout = new RowMajorLayout(tensor.Shape);
                    for (var offset = 0; offset < dense.Values.Length; offset++)
                    {
                        if (dense.Values[offset] == 0)
                            continue;
                        layout.CellOf(offset, cell);
                        relation.Add(cell);
                    }
                    break;
                case (Relation relation, SparseData sparse):
                    for (var i = 0; i < sparse.Count; i++)
                        relation.Add(sparse.Tuple(i));
                    break;
                case (DenseTensor<double> target, DenseData dense):
                    for (var i = 0; i < dense.Values.Length && i < target.Data.Length; i++)
                        target.Data[i] = Accumulation<double>.Combine(combination, target.Data[i], dense.Values[i]);
                    break;
                case (DenseTensor<double> target, SparseData sparse):
                    for (var i = 0; i < sparse.Count; i++)
                    {
                        var tuple = sparse.Tuple(i);
                        if (target.InShape(tuple))
                        {
                            var offset = target.Offset(tuple);
                            target.Data[offset] = Accumulation<double>.Combine(combination, target.Data[offset], sparse.Values?[i] ?? 1);
                        }
                    }
                    break;
            }
        }
        return value;
    }

    /// <summary>
    /// A summed real tensor whose data all list cells (table files, facts) that are few for its shape is held as
    /// weighted tuples: zeros everywhere else, so no dense array is allocated for it. A min= or max= tensor is not:
    /// its other cells hold the operator's identity.
    /// </summary>
    private static SparseTensor? SparseValue(TensorSymbol tensor, List<BoundData> items)
    {
        if (tensor.IsBoolean || tensor.Combination != Aggregation.Sum || items.Count == 0 || !items.All(i => i is SparseData))
            return null;
        var entries = items.Sum(i => (long)((SparseData)i).Count);
        if (!SparseTensor.Suits(entries, new RowMajorLayout(tensor.Shape).Elements))
            return null;
        var value = new SparseTensor(tensor.Shape, (int)Math.Min(entries, Array.MaxLength / 2));
        foreach (SparseData sparse in items)
        {
            for (var i = 0; i < sparse.Count; i++)
            {
                var tuple = sparse.Tuple(i);
                if (value.InShape(tuple))
                    value.Add(tuple, sparse.Values?[i] ?? 1);
            }
        }
        return value;
    }
}
