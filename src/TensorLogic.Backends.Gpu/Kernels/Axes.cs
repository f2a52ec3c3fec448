namespace TensorLogic.Backends.Gpu.Kernels;

/// <summary>
/// Up to three axes of an operand read as one flattened index (a GEMM's M, N, K or batch group): the index is
/// split row-major over <see cref="Size0"/>…<see cref="Size2"/> and each part scaled by its stride. A kernel
/// parameter, so plain fields.
/// </summary>
public struct Axes
{
    public const int MaxCount = 3;

    public int Count;
    public int Size0, Size1, Size2;
    public long Stride0, Stride1, Stride2;

    /// <summary>The element offset of flattened index <paramref name="index"/>.</summary>
    public readonly long Offset(int index)
    {
        // Unrolled: device code has no arrays in parameters, and the common groups have one axis.
        if (Count == 0)
            return 0;
        if (Count == 1)
            return index * Stride0;
        long offset = 0;
        if (Count == 3)
        {
            offset += (index % Size2) * Stride2;
            index /= Size2;
        }
        offset += (index % Size1) * Stride1;
        return offset + index / Size1 * Stride0;
    }

    /// <summary>The axes given by (size, stride) pairs, adjacent contiguous ones merged; null when more than three remain.</summary>
    public static Axes? Of(IReadOnlyList<(int Size, long Stride)> axes)
    {
        var merged = new List<(int Size, long Stride)>();
        foreach (var (size, stride) in axes)
        {
            if (size == 1)
                continue;
            if (merged.Count > 0 && merged[^1].Stride == stride * size)
                merged[^1] = (merged[^1].Size * size, stride);
            else
                merged.Add((size, stride));
        }
        if (merged.Count > MaxCount)
            return null;
        var result = new Axes { Count = merged.Count };
        if (merged.Count > 0)
            (result.Size0, result.Stride0) = merged[0];
        if (merged.Count > 1)
            (result.Size1, result.Stride1) = merged[1];
        if (merged.Count > 2)
            (result.Size2, result.Stride2) = merged[2];
        return result;
    }
}
