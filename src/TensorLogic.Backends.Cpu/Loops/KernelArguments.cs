using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// Everything one execution hands to a compiled loop nest, by slot. The nest copies each field into a
/// local once on entry, so its loops see plain arrays: no dictionary lookups or virtual calls per binding.
/// Fields rather than properties because expression trees read them directly.
/// </summary>
internal sealed class KernelArguments<T>
{
    /// <summary>The data of each real tensor the term reads.</summary>
    public T[][] Arrays = [];

    /// <summary>The real tensors held as weighted tuples, read cell by cell.</summary>
    public SparseTensor[] Weighted = [];

    /// <summary>Dense membership masks (1 = true) of the relations tested by a small code.</summary>
    public byte[][] Masks = [];

    /// <summary>Membership sets of the relations too large for a mask, keyed by the same code.</summary>
    public HashSet<long>[] Sets = [];

    /// <summary>Relations enumerated by generators, or tested tuple by tuple when no code fits a long.</summary>
    public Relation[] Relations = [];

    /// <summary>Lookup patterns of generators and tuples of tuple-tested relations, reused across bindings.</summary>
    public int[][] Scratch = [];

    /// <summary>The pinned variables' values, by ordinal.</summary>
    public int[] Binding = [];

    public T[] Values = [];

    public int[] Counts = [];
}
