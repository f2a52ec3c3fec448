using System.Numerics;

namespace TensorLogic.Runtime.Values.Storage;

/// <summary>
/// Tuples of one rank stored flat, in insertion order, in chunks: a binary tuple costs its 8 bytes and
/// nothing else, and growing never copies what is stored (no doubling of one large array, whose old and new
/// copies would both count against the peak memory). Chunks double from a few rows (a semi-naive delta is
/// often small, and a fresh one is made every round) up to a fixed size.
/// </summary>
internal sealed class TupleRows
{
    private const int FirstShift = 8;
    private const int Doublings = 8;
    private const int LastShift = FirstShift + Doublings;

    // Rows held by the chunks that double: 2^8 + 2^9 + ... + 2^16.
    private const int GrowingRows = (1 << (LastShift + 1)) - (1 << FirstShift);

    private readonly int _rank;
    private readonly List<int[]> _chunks = [];

    public TupleRows(int rank) => _rank = rank;

    public int Count { get; private set; }

    public ReadOnlySpan<int> this[int row]
    {
        get
        {
            var (chunk, offset) = Locate(row);
            return _chunks[chunk].AsSpan(offset * _rank, _rank);
        }
    }

    public int Add(ReadOnlySpan<int> tuple)
    {
        var row = Count;
        var (chunk, offset) = Locate(row);
        if (chunk == _chunks.Count)
            _chunks.Add(new int[(1 << Math.Min(FirstShift + chunk, LastShift)) * _rank]);
        tuple.CopyTo(_chunks[chunk].AsSpan(offset * _rank, _rank));
        Count++;
        return row;
    }

    /// <summary>The chunk that holds a row and the row's place in it.</summary>
    private static (int Chunk, int Offset) Locate(int row)
    {
        if (row < GrowingRows)
        {
            // Chunk k starts at row 2^8 (2^k - 1).
            var chunk = BitOperations.Log2((uint)(row >> FirstShift) + 1);
            return (chunk, row - (((1 << chunk) - 1) << FirstShift));
        }
        var beyond = row - GrowingRows;
        return (Doublings + 1 + (beyond >> LastShift), beyond & ((1 << LastShift) - 1));
    }

    public TupleRows Clone()
    {
        var copy = new TupleRows(_rank) { Count = Count };
        foreach (var chunk in _chunks)
            copy._chunks.Add((int[])chunk.Clone());
        return copy;
    }

    public long Bytes => _chunks.Sum(c => (long)c.Length) * sizeof(int);
}
