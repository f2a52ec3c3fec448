namespace TensorLogic.Runtime.Values.Storage;

/// <summary>
/// The rows of a relation grouped by a key (the values at some positions), as chains through a next-row
/// array: how a lookup by those positions finds its tuples without visiting the others.
/// </summary>
internal interface IRowIndex<TKey>
{
    void Add(TKey key, int row);

    /// <summary>The chains' next-row array: entry r is the row after r with the same key, or -1.</summary>
    int[] Next { get; }

    /// <summary>The first row with the key, or -1.</summary>
    int First(TKey key);
}
