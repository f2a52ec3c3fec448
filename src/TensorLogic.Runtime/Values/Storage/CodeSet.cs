using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace TensorLogic.Runtime.Values.Storage;

/// <summary>
/// A set of non-negative 64-bit cell numbers, open addressing with linear probing: 8 bytes a slot and at
/// most 3/4 of the slots full, about half the memory of a <see cref="HashSet{T}"/> of longs and no object
/// per entry.
/// </summary>
internal sealed class CodeSet
{
    // A slot holds its code plus one, so that an empty slot is 0: a new table is ready as the runtime hands
    // it over, with no pass writing a marker into every slot (for a table of millions, a pass over memory
    // just faulted in).
    private const long Empty = 0;
    private long[] _slots;
    private int _mask;

    // A code's first slot is the top bits of its hash (as many as the table has slots): so doubling the table
    // sends slot i's codes to slots 2i and 2i + 1, and growing writes the new table nearly in order instead
    // of at random.
    private int _shift;

    public CodeSet(int capacity = 16)
    {
        var size = 16;
        while (size < capacity * 4 / 3 + 1)
            size <<= 1;
        _slots = new long[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
    }

    public int Count { get; private set; }

    public long Bytes => (long)_slots.Length * sizeof(long);

    public bool Contains(long code)
    {
        var slots = _slots;
        var held = code + 1;
        for (var i = Slot(code); ; i = (i + 1) & _mask)
        {
            var at = slots[i];
            if (at == held)
                return true;
            if (at == Empty)
                return false;
        }
    }

    /// <summary>
    /// Asks the processor to load the code's first slot into the cache, without waiting for it. A large set's
    /// probes are cache misses; issued a batch ahead, the misses overlap instead of following one another.
    /// </summary>
    public unsafe void Prefetch(long code)
    {
        // The array is not pinned: should the collector move it meanwhile, a prefetch of the old address is
        // only wasted (a prefetch never faults).
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[Slot(code)]));
    }

    /// <summary>Adds the code; false when it was there.</summary>
    public bool Add(long code)
    {
        var slots = _slots;
        var held = code + 1;
        var i = Slot(code);
        for (; ; i = (i + 1) & _mask)
        {
            var at = slots[i];
            if (at == held)
                return false;
            if (at == Empty)
                break;
        }
        slots[i] = held;
        if (++Count * 4L > slots.Length * 3L)
            Grow();
        return true;
    }

    public IEnumerable<long> Codes() => _slots.Where(s => s != Empty).Select(s => s - 1);

    public CodeSet Clone()
    {
        var copy = (CodeSet)MemberwiseClone();
        copy._slots = (long[])_slots.Clone();
        return copy;
    }

    // Fibonacci hashing: the top bits of the product spread consecutive cell numbers over the table.
    private int Slot(long code) => (int)((ulong)(code * -7046029254386353131L) >> _shift);

    // Runs rarely but over millions of slots: compiled optimized at once, not first in the tiers that count calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        var old = _slots;
        Resources.ResourceGuard.Reserve(old.Length * 2L * sizeof(long));
        _slots = new long[old.Length * 2];
        _mask = _slots.Length - 1;
        _shift--;
        foreach (var held in old)
        {
            if (held == Empty)
                continue;
            var i = Slot(held - 1);
            while (_slots[i] != Empty)
                i = (i + 1) & _mask;
            _slots[i] = held;
        }
    }
}
