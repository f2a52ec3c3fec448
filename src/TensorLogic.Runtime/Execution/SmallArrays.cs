namespace TensorLogic.Runtime.Execution;

/// <summary>
/// One runner's spare small arrays, by length. The <see cref="Values.ArrayCache{TElement}"/> keeps only
/// large arrays (for small ones a page fault is no cost worth avoiding), so without this a training step
/// allocated every small result anew: a digits step 110 KB, a collection of the young generation each
/// epoch, and every buffer cold in the cache. A runner gives its arrays back when the session's data
/// changes, and the next step rents the same lengths again, so keeping them here makes steps allocate
/// nothing. It holds at most what the runner once had rented at the same time, and only one thread
/// rents from a runner.
/// </summary>
internal sealed class SmallArrays<TElement>
    where TElement : unmanaged
{
    /// <summary>Arrays at least this long go to the shared cache instead (its own lower bound).</summary>
    public const int Limit = 1 << 14;

    private readonly Dictionary<int, Stack<TElement[]>> _free = [];

    /// <summary>A kept array of this length (cleared if asked), or null when there is none.</summary>
    public TElement[]? Rent(int length, bool clear)
    {
        if (length >= Limit || !_free.TryGetValue(length, out var stack) || !stack.TryPop(out var array))
            return null;
        if (clear)
            Array.Clear(array);
        return array;
    }

    /// <summary>Keeps a small array for the next <see cref="Rent"/>; false for a large one, which the caller gives to the cache.</summary>
    public bool Keep(TElement[] array)
    {
        if (array.Length >= Limit)
            return false;
        if (!_free.TryGetValue(array.Length, out var stack))
            _free[array.Length] = stack = new Stack<TElement[]>();
        stack.Push(array);
        return true;
    }

    public void Clear() => _free.Clear();
}
