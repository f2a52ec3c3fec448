
namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// Which values of one table column were seen already, so that each is passed to its domain once. Small
/// integers (node numbers, say) are kept as bits; larger ones, integers spelled otherwise than they print
/// ("007"), and symbols by their number in the table, in sets.
/// </summary>
internal sealed class FirstAppearances(int rows, int symbols)
{
    // Bits cost one per value up to the largest, so they are used while that stays within a few per row.
    private readonly long _bitLimit = Math.Max(1 << 16, 16L * rows);
    private ulong[] _bits = [];
    private HashSet<long>? _largeIntegers;
    private HashSet<string>? _spelledIntegers;
    private readonly bool[] _symbols = new bool[symbols];

    /// <summary>True the first time <paramref name="value"/> (written as it prints) is given.</summary>
    public bool Integer(long value)
    {
        if (value < 0 || value >= _bitLimit)
            return (_largeIntegers ??= []).Add(value);
        var word = (int)(value >> 6);
        if (word >= _bits.Length)
            Array.Resize(ref _bits, Math.Max(word + 1, 2 * _bits.Length));
        var bit = 1UL << (int)(value & 63);
        if ((_bits[word] & bit) != 0)
            return false;
        _bits[word] |= bit;
        return true;
    }

    /// <summary>True the first time an integer with this spelling (<c>007</c>, <c>+7</c>) is given.</summary>
    public bool SpelledInteger(string text) => (_spelledIntegers ??= new(StringComparer.Ordinal)).Add(text);

    /// <summary>True the first time the table's symbol number <paramref name="symbol"/> is given.</summary>
    public bool Symbol(int symbol)
    {
        if (_symbols[symbol])
            return false;
        _symbols[symbol] = true;
        return true;
    }
}
