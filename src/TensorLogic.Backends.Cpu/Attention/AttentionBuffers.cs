using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorLogic.Backends.Cpu.Attention;

/// <summary>
/// The memory of one attention call: the packed keys and values of all batch items, and per thread the
/// scores of one block, its weighted sums and a row gathered for softmax. The arrays are pinned, so that
/// threads can be handed plain pointers, and come from a pool shared by every kernel and session and go
/// back to it after the call: fresh arrays of this size would cost their page faults in every session
/// (the benchmarks open a session per run).
/// </summary>
internal sealed unsafe class AttentionBuffers<T> : IDisposable
    where T : unmanaged
{
    private readonly T[] _keys;
    private readonly T[] _values;
    private readonly int _scratchLength;
    private readonly List<T[]> _scratch = [];

    public AttentionBuffers(long keys, long values, int scratch)
    {
        _keys = PinnedPool.Rent(checked((int)keys));
        _values = PinnedPool.Rent(checked((int)values));
        _scratchLength = scratch;
    }

    public T* Keys => Address(_keys);

    public T* Values => Address(_values);

    /// <summary>Part <paramref name="part"/>'s scratch; <see cref="EnsureParts"/> made it before the parts started.</summary>
    public T* Scratch(int part) => Address(_scratch[part]);

    public void EnsureParts(int parts)
    {
        while (_scratch.Count < parts)
            _scratch.Add(PinnedPool.Rent(_scratchLength));
    }

    public void Dispose()
    {
        PinnedPool.Return(_keys);
        PinnedPool.Return(_values);
        _scratch.ForEach(PinnedPool.Return);
        _scratch.Clear();
    }

    private static T* Address(T[] array) => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    /// <summary>Pinned arrays by exact length, uninitialized when new; at most a few of each length are kept.</summary>
    private static class PinnedPool
    {
        private const int KeptPerLength = 4;
        private static readonly ConcurrentDictionary<int, ConcurrentBag<T[]>> Free = new();

        public static T[] Rent(int length) =>
            Free.TryGetValue(length, out var bag) && bag.TryTake(out var array)
                ? array
                : GC.AllocateUninitializedArray<T>(length, pinned: true);

        public static void Return(T[] array)
        {
            var bag = Free.GetOrAdd(array.Length, _ => []);
            if (bag.Count < KeptPerLength)
                bag.Add(array);
        }
    }
}
