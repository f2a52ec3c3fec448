namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// Some axes of a tensor taken together as one flattened index, row-major in the order given (the first
/// axis varies slowest): the pixel (x, y) of an image, the depth (dx, dy, c) of a filter. Implicit GEMM
/// addresses every operand through such groups, so any order of axes in memory is read in place.
/// </summary>
internal static class AxisGroup
{
    /// <summary>The number of values the flattened index takes.</summary>
    public static int Count(IReadOnlyList<int> sizes) => checked(sizes.Aggregate(1, (a, s) => a * s));

    /// <summary>Every value of the group's axes, row-major; the array yielded is reused from one cell to the next.</summary>
    public static IEnumerable<int[]> Cells(IReadOnlyList<int> sizes)
    {
        if (sizes.Any(s => s == 0))
            yield break;
        var cell = new int[sizes.Count];
        while (true)
        {
            yield return cell;
            var axis = cell.Length - 1;
            for (; axis >= 0 && ++cell[axis] == sizes[axis]; axis--)
                cell[axis] = 0;
            if (axis < 0)
                yield break;
        }
    }

    /// <summary>For each value of the flattened index, <c>Σ value_a · stride_a</c>: where that cell lives.</summary>
    public static int[] Offsets(IReadOnlyList<int> sizes, IReadOnlyList<long> strides)
    {
        var offsets = new int[Count(sizes)];
        var f = 0;
        foreach (var cell in Cells(sizes))
        {
            long offset = 0;
            for (var a = 0; a < cell.Length; a++)
                offset += cell[a] * strides[a];
            offsets[f++] = checked((int)offset);
        }
        return offsets;
    }

    /// <summary>
    /// Whether the offsets are <c>f · stride</c> for one stride: the group is a single strided dimension of
    /// memory (any stride serves a group of one value).
    /// </summary>
    public static bool IsUniform(int[] offsets, out int stride)
    {
        stride = offsets.Length > 1 ? offsets[1] - offsets[0] : 0;
        for (var f = 0; f < offsets.Length; f++)
        {
            if (offsets[f] != f * stride)
                return false;
        }
        return true;
    }
}
