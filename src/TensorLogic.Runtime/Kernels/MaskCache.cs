using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// The <see cref="MaskGrid"/> of each masked contraction (<c>softmax(Before(q, p) Q[p, d] K[q, d])</c>), and its
/// expansion to one 0/1 byte per output cell for kernels that want that. Kept while the mask relations stay
/// the same objects, so a causal mask is built once, not per evaluation.
/// </summary>
public sealed class MaskCache
{
    private readonly Dictionary<ContractionTerm, Entry> _masks = [];

    /// <summary>The term's mask over the indices its masks mention (and the last output index).</summary>
    public MaskGrid Grid(ContractionTerm term, Relation[] relations) => EntryOf(term, relations).Grid;

    /// <summary>The term's mask as one byte per cell of the output, <paramref name="shape"/>.</summary>
    public byte[] Allowed(ContractionTerm term, Relation[] relations, ImmutableArray<int> shape)
    {
        var entry = EntryOf(term, relations);
        return entry.Expanded ??= entry.Grid.Expand(shape);
    }

    private Entry EntryOf(ContractionTerm term, Relation[] relations)
    {
        if (_masks.TryGetValue(term, out var cached) && cached.Sources.SequenceEqual(relations))
            return cached;
        return _masks[term] = new Entry(relations, MaskGrid.Build(term, relations));
    }

    private sealed class Entry(Relation[] sources, MaskGrid grid)
    {
        public Relation[] Sources { get; } = sources;

        public MaskGrid Grid { get; } = grid;

        public byte[]? Expanded { get; set; }
    }
}
