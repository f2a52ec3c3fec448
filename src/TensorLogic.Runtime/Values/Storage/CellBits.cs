namespace TensorLogic.Runtime.Values.Storage;

/// <summary>One bit per cell of the shape: the membership structure of a dense relation (a transitive closure).</summary>
internal sealed class CellBits
{
    private ulong[] _words;

    internal ulong[] Words => _words;

    public CellBits(long cells)
    {
        Resources.ResourceGuard.Reserve((cells + 63) >> 6 << 3);
        _words = new ulong[(cells + 63) >> 6];
    }

    public long Bytes => (long)_words.Length * sizeof(ulong);

    public bool Contains(long cell) => (_words[cell >> 6] & (1UL << (int)(cell & 63))) != 0;

    /// <summary>Sets the bit; false when it was set.</summary>
    public bool Add(long cell)
    {
        ref var word = ref _words[cell >> 6];
        var bit = 1UL << (int)(cell & 63);
        if ((word & bit) != 0)
            return false;
        word |= bit;
        return true;
    }

    /// <summary>The set cells in increasing order: the row-major order of the tuples.</summary>
    public IEnumerable<long> Cells()
    {
        for (long w = 0; w < _words.Length; w++)
        {
            var word = _words[w];
            while (word != 0)
            {
                yield return (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
    }

    /// <summary>The 64 bits from <paramref name="cell"/> on (bits past the end read as 0).</summary>
    public ulong Read64(long cell)
    {
        var (word, shift) = (cell >> 6, (int)(cell & 63));
        var low = _words[word] >> shift;
        if (shift == 0 || word + 1 >= _words.Length)
            return low;
        return low | _words[word + 1] << (64 - shift);
    }

    /// <summary>
    /// Sets the bits of <paramref name="other"/> that this lacks, here and in <paramref name="alsoTo"/> if given, a
    /// word at a time; returns how many. <paramref name="alsoTo"/> holds no bit this lacks, so each is new to it too.
    /// </summary>
    public long UnionWith(CellBits other, CellBits? alsoTo = null)
    {
        long added = 0;
        var (mine, theirs, also) = (_words, other._words, alsoTo?._words);
        for (var w = 0; w < mine.Length; w++)
        {
            var fresh = theirs[w] & ~mine[w];
            if (fresh == 0)
                continue;
            added += System.Numerics.BitOperations.PopCount(fresh);
            mine[w] |= fresh;
            if (also is not null)
                also[w] |= fresh;
        }
        return added;
    }

    public CellBits Clone()
    {
        var copy = (CellBits)MemberwiseClone();
        copy._words = (ulong[])_words.Clone();
        return copy;
    }
}
