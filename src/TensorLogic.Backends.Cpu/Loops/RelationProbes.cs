using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>How a compiled nest tests whether a tuple belongs to a relation.</summary>
internal enum ProbeKind
{
    /// <summary>A byte per cell of the relation's domain product, indexed by the tuple's row-major code.</summary>
    Mask,

    /// <summary>A hash set of the row-major codes of the true tuples, for domain products too large for a mask.</summary>
    Set,

    /// <summary><see cref="Relation.Contains"/> itself, when the domain product does not even fit a long.</summary>
    Tuple,
}

/// <summary>
/// Builds the membership structures of relations read per binding. <see cref="Relation.Contains"/>
/// allocates a key per call, too slow for an inner loop; a mask or a set of codes is built once per
/// execution instead (and kept while the relation is unchanged).
/// </summary>
internal static class RelationProbes
{
    /// <summary>Relations whose domain product is at most this many cells get a mask (16 MiB at most).</summary>
    public const long MaskLimit = 1 << 24;

    public static ProbeKind KindFor(TensorSymbol tensor)
    {
        var cells = CellCount(tensor);
        return cells is null ? ProbeKind.Tuple : cells <= MaskLimit ? ProbeKind.Mask : ProbeKind.Set;
    }

    /// <summary>The row-major multiplier of each position; the code of a tuple is Σ tuple[p] · radix[p].</summary>
    public static long[] Radices(TensorSymbol tensor)
    {
        var radices = new long[tensor.Rank];
        long radix = 1;
        for (var p = tensor.Rank - 1; p >= 0; p--)
        {
            radices[p] = radix;
            radix = unchecked(radix * tensor.Domains[p].Size);
        }
        return radices;
    }

    public static byte[] BuildMask(TensorSymbol tensor, Relation relation)
    {
        var mask = new byte[CellCount(tensor)!.Value];
        var radices = Radices(tensor);
        foreach (var tuple in relation)
            mask[Code(tuple, radices)] = 1;
        return mask;
    }

    public static HashSet<long> BuildSet(TensorSymbol tensor, Relation relation)
    {
        var set = new HashSet<long>(relation.Count);
        var radices = Radices(tensor);
        foreach (var tuple in relation)
            set.Add(Code(tuple, radices));
        return set;
    }

    /// <summary>Called by compiled nests for <see cref="ProbeKind.Tuple"/> (Contains takes a span, which expression trees cannot pass).</summary>
    public static bool Contains(Relation relation, int[] tuple) => relation.Contains(tuple);

    /// <summary>Called by compiled generators, for the same reason.</summary>
    public static IReadOnlyList<int[]> Match(Relation relation, int[] pattern) => relation.Match(pattern);

    private static long Code(ReadOnlySpan<int> tuple, long[] radices)
    {
        long code = 0;
        for (var p = 0; p < tuple.Length; p++)
            code += tuple[p] * radices[p];
        return code;
    }

    private static long? CellCount(TensorSymbol tensor)
    {
        try
        {
            return tensor.Domains.Aggregate(1L, (product, domain) => checked(product * domain.Size));
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
