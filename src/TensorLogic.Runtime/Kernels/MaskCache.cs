using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// Which output cells of a masked contraction (<c>softmax(Before(q, p) Q[p, d] K[q, d])</c>) every mask allows,
/// as one 0/1 byte per cell (a mask over fewer indices covers whole slices). Kept while the mask relations
/// stay the same objects, so a causal mask is built once, not per evaluation. Every engine's masked kernel
/// uses this one definition.
/// </summary>
public sealed class MaskCache
{
    private readonly Dictionary<ContractionTerm, (Relation[] Sources, byte[] Allowed)> _masks = [];

    public byte[] Allowed(ContractionTerm term, Relation[] relations, ImmutableArray<int> shape)
    {
        if (_masks.TryGetValue(term, out var cached) && cached.Sources.SequenceEqual(relations))
            return cached.Allowed;
        var allowed = new byte[shape.Aggregate(1, (a, s) => a * s)];
        Array.Fill(allowed, (byte)1);
        var cell = new int[shape.Length];
        for (var m = 0; m < relations.Length; m++)
        {
            // The relation as a dense 0/1 array over its own indices, then read along the output's cells
            // with an odometer: no division per cell.
            var maskIndices = term.Masks[m].Indices;
            var maskStrides = new long[maskIndices.Length];
            long maskSize = 1;
            for (var k = maskIndices.Length - 1; k >= 0; k--)
            {
                maskStrides[k] = maskSize;
                maskSize *= maskIndices[k].Size;
            }
            var present = new byte[maskSize];
            foreach (var tuple in relations[m])
            {
                long offset = 0;
                for (var k = 0; k < tuple.Length; k++)
                    offset += tuple[k] * maskStrides[k];
                present[offset] = 1;
            }
            var strideOfAxis = term.Output.Indices.Select(i => maskIndices.IndexOf(i) is var k and >= 0 ? maskStrides[k] : 0L).ToArray();
            Array.Clear(cell);
            long maskOffset = 0;
            for (var i = 0; i < allowed.Length; i++)
            {
                allowed[i] &= present[maskOffset];
                for (var a = cell.Length - 1; a >= 0; a--)
                {
                    maskOffset += strideOfAxis[a];
                    if (++cell[a] < shape[a])
                        break;
                    maskOffset -= strideOfAxis[a] * cell[a];
                    cell[a] = 0;
                }
            }
        }
        _masks[term] = (relations, allowed);
        return allowed;
    }
}
