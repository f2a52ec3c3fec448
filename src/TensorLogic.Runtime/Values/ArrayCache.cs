using System.Collections.Concurrent;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// Reuses large arrays of one exact length across evaluations and sessions. Fresh large arrays cost page
/// faults on first touch (several milliseconds for a few megabytes in a virtual machine), which for the
/// kernels here can exceed the arithmetic; a rented array is already mapped. Arrays come back cleared unless
/// the caller will write every element anyway. Small arrays are not worth keeping and are simply allocated.
/// </summary>
public static class ArrayCache<TElement>
    where TElement : unmanaged
{
    private const int MinimumLength = 1 << 14;
    private const long MaximumRetainedBytes = 1L << 30;

    private static readonly ConcurrentDictionary<int, ConcurrentStack<TElement[]>> Free = new();
    private static long _retainedBytes;

    private static unsafe long BytesOf(int length) => (long)length * sizeof(TElement);

    /// <param name="clear">False when the caller writes every element before reading any: a reused array keeps its old contents.</param>
    public static TElement[] Rent(int length, bool clear = true)
    {
        if (length < MinimumLength || !Free.TryGetValue(length, out var stack) || !stack.TryPop(out var array))
        {
            Resources.ResourceGuard.Reserve(BytesOf(length));
            return new TElement[length];
        }
        Interlocked.Add(ref _retainedBytes, -BytesOf(length));
        if (clear)
            Array.Clear(array);
        return array;
    }

    public static void Return(TElement[] array)
    {
        if (array.Length < MinimumLength || Interlocked.Read(ref _retainedBytes) + BytesOf(array.Length) > MaximumRetainedBytes)
            return;
        Interlocked.Add(ref _retainedBytes, BytesOf(array.Length));
        Free.GetOrAdd(array.Length, _ => new ConcurrentStack<TElement[]>()).Push(array);
    }
}
