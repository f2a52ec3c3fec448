namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// Some axes of a tensor taken together as one flattened index, row-major in the order given (the first
/// axis varies slowest): the pixel (x, y) of an image, the depth (dx, dy, c) of a filter. Implicit GEMM
/// addresses every operand through such groups, so any order of axes in memory is read in place.
/// </summary>
/// <remarks>
/// Tables over a group are built while a session prepares its kernels, on every run of a program, so
/// <see cref="Affine"/> is a single odometer pass, and whether a group is one strided dimension is read off
/// its strides, not its table.
/// </remarks>
internal static class AxisGroup
{
    /// <summary>The number of values the flattened index takes.</summary>
    public static int Count(ReadOnlySpan<int> sizes)
    {
        var count = 1;
        for (var a = 0; a < sizes.Length; a++)
            count = checked(count * sizes[a]);
        return count;
    }

    /// <summary>For each value of the flattened index, where that cell lives: <c>Σ cell_a · stride_a</c>.</summary>
    public static int[] Offsets(ReadOnlySpan<int> sizes, ReadOnlySpan<long> strides)
    {
        var offsets = new int[Count(sizes)];
        Affine(sizes, strides, [0], offsets);
        return offsets;
    }

    /// <summary>
    /// Some affine functions of the cell, for every value f of the flattened index, interleaved:
    /// <c>into[f·k + j] = constants[j] + Σ_a cell_a · coefficients[j·axes + a]</c> for the k functions j (the
    /// offset of a cell in some tensor is one: the strides are its coefficients).
    /// </summary>
    public static void Affine(ReadOnlySpan<int> sizes, ReadOnlySpan<long> coefficients, ReadOnlySpan<int> constants, Span<int> into)
    {
        int axes = sizes.Length, functions = constants.Length, count = Count(sizes);
        Span<int> cell = stackalloc int[axes];
        Span<long> values = stackalloc long[functions];
        for (var j = 0; j < functions; j++)
            values[j] = constants[j];
        for (var f = 0; f < count; f++)
        {
            for (var j = 0; j < functions; j++)
                into[f * functions + j] = checked((int)values[j]);
            // The next cell, odometer-style: bump the last axis, carrying into the ones before.
            for (var a = axes - 1; a >= 0; a--)
            {
                var carry = ++cell[a] == sizes[a];
                for (var j = 0; j < functions; j++)
                    values[j] += coefficients[j * axes + a] * (carry ? 1 - sizes[a] : 1);
                if (!carry)
                    break;
                cell[a] = 0;
            }
        }
    }

    /// <summary>
    /// Whether the group is one strided dimension of memory: ignoring axes of size 1, each axis's stride is
    /// the next one's times its size. The stride of the flattened index is then the last such axis's (0 when
    /// the group has one value).
    /// </summary>
    public static bool IsUniform(ReadOnlySpan<int> sizes, ReadOnlySpan<long> strides, out long stride)
    {
        stride = 0;
        var inner = -1;
        for (var a = sizes.Length - 1; a >= 0; a--)
        {
            if (sizes[a] == 1)
                continue;
            if (inner < 0)
                stride = strides[a];
            else if (strides[a] != strides[inner] * sizes[inner])
                return false;
            inner = a;
        }
        return true;
    }
}
