using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// The values of a program's tensors: their initial contents (data, facts and literals summed, or
/// united for relations), and the current value of each tensor computed so far.
/// </summary>
public sealed class TensorStore
{
    private readonly Dictionary<TensorSymbol, TensorValue> _initial = [];
    private readonly Dictionary<TensorSymbol, TensorValue> _current = [];

    public TensorStore(BoundProgram program)
    {
        Program = program;
        foreach (var tensor in program.Tensors)
            _initial[tensor] = InitialValue(tensor, program.DataFor(tensor));
    }

    public BoundProgram Program { get; }

    public TensorValue Initial(TensorSymbol tensor) => _initial[tensor];

    /// <summary>The current value: what was computed, else the initial contents.</summary>
    public TensorValue this[TensorSymbol tensor]
    {
        get => _current.TryGetValue(tensor, out var value) ? value : _initial[tensor];
        set => _current[tensor] = value;
    }

    public bool IsComputed(TensorSymbol tensor) => _current.ContainsKey(tensor);

    public static TensorValue Empty(TensorSymbol tensor) =>
        tensor.IsBoolean ? new Relation(tensor, tensor.Shape) : new DenseTensor(tensor, tensor.Shape);

    private static TensorValue InitialValue(TensorSymbol tensor, IEnumerable<BoundData> data)
    {
        if (tensor.ConstantValue is { } constant)
            return new DenseTensor(tensor, [], [constant]);
        var value = Empty(tensor);
        foreach (var item in data)
        {
            switch (value, item)
            {
                case (Relation relation, DenseData dense):
                    var cell = new int[tensor.Rank];
                    var scratch = new DenseTensor(tensor, tensor.Shape, dense.Values);
                    for (var offset = 0; offset < dense.Values.Length; offset++)
                    {
                        if (dense.Values[offset] == 0)
                            continue;
                        scratch.CellOf(offset, cell);
                        relation.Add(cell);
                    }
                    break;
                case (Relation relation, SparseData sparse):
                    foreach (var tuple in sparse.Tuples)
                        relation.Add(tuple.AsSpan());
                    break;
                case (DenseTensor target, DenseData dense):
                    for (var i = 0; i < dense.Values.Length && i < target.Data.Length; i++)
                        target.Data[i] += dense.Values[i];
                    break;
                case (DenseTensor target, SparseData sparse):
                    for (var i = 0; i < sparse.Tuples.Length; i++)
                    {
                        var tuple = sparse.Tuples[i].AsSpan();
                        if (target.InShape(tuple))
                            target.Data[target.Offset(tuple)] += sparse.Values?[i] ?? 1;
                    }
                    break;
            }
        }
        return value;
    }
}
