using TensorLogic.Runtime.Values;
using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using Shared = TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Cpu.Epilogues;

/// <summary>
/// Softmax or layer norm (the shared <see cref="Runtime.Kernels.Normalization"/>, in T, so results agree with
/// the reference's double only to T's precision) over the reached cells of each group. A fully reached group
/// whose normalized axes are the trailing ones is a contiguous span, normalized where it lies, and so is the
/// reached run of such a group when its reached cells are one run (a causal mask's prefix); any other group
/// (holes in the reached cells, a leading axis) is gathered by offset, skipping unreached cells, and scattered back.
/// </summary>
internal static class Normalization<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Apply(Normalizer normalizer, DenseTensor<T> values, int[]? counts, ImmutableArray<int> axes)
    {
        var layout = GroupLayout.Of(values.Shape, axes);
        var data = values.Data;
        var size = layout.Members.Length;
        if (normalizer == Normalizer.Softmax && layout.IsContiguous && counts is null)
        {
            // Every group fully reached and lying in a row: all rows in one call, which batches their exponentials.
            Shared.Normalization.SoftmaxRows<T>(data, size);
            return;
        }
        var offsets = new int[size];
        var packed = new T[size];
        foreach (var start in layout.Bases)
        {
            if (layout.IsContiguous && ReachedRun(counts, start, size) is var (from, length))
            {
                Shared.Normalization.Apply<T>(normalizer, data.AsSpan(start + from, length));
                continue;
            }
            var reached = 0;
            foreach (var member in layout.Members)
            {
                if (counts is null || counts[start + member] > 0)
                    offsets[reached++] = start + member;
            }
            if (reached == 0)
                continue;
            var gathered = packed.AsSpan(0, reached);
            for (var i = 0; i < reached; i++)
                gathered[i] = data[offsets[i]];
            Shared.Normalization.Apply<T>(normalizer, gathered);
            for (var i = 0; i < reached; i++)
                data[offsets[i]] = gathered[i];
        }
    }

    /// <summary>
    /// The group's reached cells when they are one run, such as a causal mask's prefix (<c>from</c> relative to
    /// the group; the whole group without counts); null when unreached cells lie between reached ones, or none is reached.
    /// </summary>
    private static (int From, int Length)? ReachedRun(int[]? counts, int start, int size)
    {
        if (counts is null)
            return (0, size);
        var group = counts.AsSpan(start, size);
        var first = group.IndexOfAnyExceptInRange(int.MinValue, 0);
        if (first < 0)
            return null;
        var end = group.LastIndexOfAnyExceptInRange(int.MinValue, 0) + 1;
        return group[first..end].ContainsAnyInRange(int.MinValue, 0) ? null : (first, end - first);
    }
}
