using System.Runtime.InteropServices;

namespace TensorLogic.Runtime.Values.Storage;

/// <summary>
/// The rows of a relation grouped by the values at some positions (the key), as chains through a next-row
/// array: 4 bytes a row plus one entry a key, and adding a row never moves the others. Chains keep insertion
/// order, so a join enumerates matches in the order the tuples were derived.
/// </summary>
internal sealed class RowIndex<TKey> : IRowIndex<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, (int First, int Last)> _chains = [];
    private int[] _next = new int[16];

    public void Add(TKey key, int row)
    {
        if (row >= _next.Length)
            Array.Resize(ref _next, Math.Max(_next.Length * 2, row + 1));
        _next[row] = -1;
        ref var chain = ref CollectionsMarshal.GetValueRefOrAddDefault(_chains, key, out var exists);
        if (exists)
        {
            _next[chain.Last] = row;
            chain.Last = row;
        }
        else
        {
            chain = (row, row);
        }
    }

    /// <summary>The chain's next-row array: entry r is the row after r with the same key, or -1.</summary>
    public int[] Next => _next;

    /// <summary>The first row with the key, or -1.</summary>
    public int First(TKey key) => _chains.TryGetValue(key, out var chain) ? chain.First : -1;
}
