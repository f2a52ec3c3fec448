using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Reference;

/// <summary>
/// Combines the values of the bindings that reach each cell with the equation's aggregation, remembering
/// which cells were reached at all: only those receive the equation's result (the others keep their data).
/// </summary>
internal abstract class CellAccumulator
{
    protected CellAccumulator(Aggregation aggregation) => Aggregation = aggregation;

    public Aggregation Aggregation { get; }

    /// <summary>Dense storage for real targets, a hash map for Boolean ones (relations can be huge and sparse).</summary>
    public static CellAccumulator For(TensorSymbol target, Aggregation aggregation) =>
        target.IsBoolean || CellCount(target.Shape) > 1 << 24
            ? new SparseAccumulator(target.Rank, aggregation)
            : new DenseAccumulator(target.Shape, aggregation);

    private static long CellCount(ImmutableArray<int> shape) => shape.Aggregate(1L, (a, s) => a * s);

    public abstract void Add(ReadOnlySpan<int> cell, double value);

    /// <summary>The reached cells with their combined values (means divided out), row-major for dense targets.</summary>
    public abstract IEnumerable<(int[] Cell, double Value)> Reached();

    protected static double Combine(Aggregation aggregation, double current, double value, bool first) =>
        Accumulation<double>.Add(aggregation, current, value, first);
}

internal sealed class DenseAccumulator : CellAccumulator
{
    private readonly RowMajorLayout _layout;
    private readonly double[] _values;
    private readonly int[] _counts;

    public DenseAccumulator(ImmutableArray<int> shape, Aggregation aggregation)
        : base(aggregation)
    {
        _layout = new RowMajorLayout(shape);
        if (_layout.Elements > Array.MaxLength)
            throw new TensorTooLargeException(null, shape);
        Resources.ResourceGuard.Reserve(_layout.Elements * (sizeof(double) + sizeof(int)));
        _values = new double[_layout.Elements];
        _counts = new int[_layout.Elements];
    }

    public override void Add(ReadOnlySpan<int> cell, double value)
    {
        var offset = _layout.Offset(cell);
        _values[offset] = Combine(Aggregation, _values[offset], value, _counts[offset] == 0);
        _counts[offset]++;
    }

    public override IEnumerable<(int[] Cell, double Value)> Reached()
    {
        for (var offset = 0; offset < _values.Length; offset++)
        {
            if (_counts[offset] == 0)
                continue;
            var value = Accumulation<double>.Result(Aggregation, _values[offset], _counts[offset]);
            yield return (_layout.CellOf(offset), value);
        }
    }
}

internal sealed class SparseAccumulator(int rank, Aggregation aggregation) : CellAccumulator(aggregation)
{
    private readonly Dictionary<TupleKey, (int[] Cell, double Value, int Count)> _cells = [];

    public override void Add(ReadOnlySpan<int> cell, double value)
    {
        var key = new TupleKey(cell);
        if (_cells.TryGetValue(key, out var entry))
            _cells[key] = (entry.Cell, Combine(Aggregation, entry.Value, value, false), entry.Count + 1);
        else
        {
            _cells[key] = (cell[..rank].ToArray(), value, 1);
            // The cells of a relation the reference derives: the session's tuple limit applies to them too.
            if (_cells.Count % 256 == 0)
                Resources.ResourceGuard.Grown(_cells.Count);
        }
    }

    public override IEnumerable<(int[] Cell, double Value)> Reached() =>
        _cells.Values
            .OrderBy(e => e.Cell, TupleComparer.Instance)
            .Select(e => (e.Cell, Accumulation<double>.Result(Aggregation, e.Value, e.Count)));
}
