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
    private const long Empty = -1;
    private long[] _slots;
    private int _mask;

    public CodeSet(int capacity = 16)
    {
        var size = 16;
        while (size < capacity * 4 / 3 + 1)
            size <<= 1;
        _slots = new long[size];
        Array.Fill(_slots, Empty);
        _mask = size - 1;
    }

    public int Count { get; private set; }

    public long Bytes => (long)_slots.Length * sizeof(long);

    public bool Contains(long code)
    {
        var slots = _slots;
        for (var i = Slot(code); ; i = (i + 1) & _mask)
        {
            var held = slots[i];
            if (held == code)
                return true;
            if (held == Empty)
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
        var i = Slot(code);
        for (; ; i = (i + 1) & _mask)
        {
            var held = slots[i];
            if (held == code)
                return false;
            if (held == Empty)
                break;
        }
        slots[i] = code;
        if (++Count * 4L > slots.Length * 3L)
            Grow();
        return true;
    }

    public IEnumerable<long> Codes() => _slots.Where(s => s != Empty);

    public CodeSet Clone()
    {
        var copy = (CodeSet)MemberwiseClone();
        copy._slots = (long[])_slots.Clone();
        return copy;
    }

    // Fibonacci hashing: the top bits of the product spread consecutive cell numbers over the table.
    private int Slot(long code) => (int)((ulong)(code * -7046029254386353131L) >> 32) & _mask;

    private void Grow()
    {
        var old = _slots;
        Resources.ResourceGuard.Reserve(old.Length * 2L * sizeof(long));
        _slots = new long[old.Length * 2];
        Array.Fill(_slots, Empty);
        _mask = _slots.Length - 1;
        foreach (var code in old)
        {
            if (code == Empty)
                continue;
            var i = Slot(code);
            while (_slots[i] != Empty)
                i = (i + 1) & _mask;
            _slots[i] = code;
        }
    }
}
