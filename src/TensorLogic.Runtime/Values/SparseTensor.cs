using System.Collections.Immutable;
using TensorLogic.Runtime.Values.Storage;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A real tensor held as weighted tuples: the row-major numbers of its listed cells with their values, every
/// other cell 0. The store holds real data this way when a file lists few of its cells
/// (<see cref="Suits"/>): the costs of 100,000 edges between 20,000 nodes take a few megabytes instead of a
/// 3.2 GB array whose pages the entries would scatter over. Kernels that can read it cell by cell (the
/// reference's, the CPU's loop nests) do, through <see cref="Get(long)"/>; the others ask the runner for a
/// dense copy (<see cref="TensorValue.CopyTo{TTarget}"/> writes the listed cells only).
/// </summary>
public sealed class SparseTensor : TensorValue
{
    // A cell in 16 or fewer: the density below which summed data from files is held sparse. The same bound
    // as the dense array's own break-even: a listed cell costs 16 to 32 bytes here, 8 there.
    private const int CellsPerEntry = 16;

    private readonly RowMajorLayout _layout;
    private readonly CodeTable _table;

    public SparseTensor(ImmutableArray<int> shape, int capacity = 16)
        : this(shape, new CodeTable(capacity))
    {
    }

    private SparseTensor(ImmutableArray<int> shape, CodeTable table)
        : base(shape)
    {
        _layout = new RowMajorLayout(shape);
        _table = table;
    }

    /// <summary>Whether <paramref name="entries"/> listed cells of a shape of <paramref name="cells"/> are best held as weighted tuples.</summary>
    public static bool Suits(long entries, long cells) => entries <= cells / CellsPerEntry;

    /// <summary>The number of listed cells (some may hold 0).</summary>
    public int Count => _table.Count;

    public long Bytes => _table.Bytes;

    public long Offset(ReadOnlySpan<int> cell) => _layout.Offset(cell);

    /// <summary>Adds <paramref name="value"/> to a cell inside the shape (data that lists a cell twice sums it).</summary>
    public void Add(ReadOnlySpan<int> cell, double value) => _table.Add(_layout.Offset(cell), value);

    /// <summary>The value at a row-major offset inside the shape: what compiled kernels call per binding.</summary>
    public double Get(long offset) => _table.Get(offset);

    public override double Get(ReadOnlySpan<int> cell) => InShape(cell) ? _table.Get(_layout.Offset(cell)) : 0;

    public override IEnumerable<(int[] Cell, double Value)> NonZeros() =>
        _table.Entries().Where(e => e.Value != 0).OrderBy(e => e.Code).Select(e => (_layout.CellOf(e.Code), e.Value));

    public override TensorValue Clone() => new SparseTensor(Shape, _table.Clone());

    /// <summary>Writes the listed cells only: the target is cleared, and the pages of the other cells stay untouched.</summary>
    public override void CopyTo<TTarget>(DenseTensor<TTarget> target)
    {
        var data = target.Data;
        foreach (var (code, value) in _table.Entries())
            data[code] = TTarget.CreateTruncating(value);
        target.MarkChanged();
    }

    /// <summary>The listed cells whose value <paramref name="beyond"/> says cannot be held (the engine's precision), first in row-major order.</summary>
    public long FirstListed(Func<double, bool> beyond) =>
        _table.Entries().Where(e => beyond(e.Value)).Select(e => e.Code).DefaultIfEmpty(-1).Min();
}
