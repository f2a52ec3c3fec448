using System.Collections.Immutable;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// The groups a normalization works on: the cells that differ only on the normalized axes. Each group is
/// a base offset (its coordinates on the other axes) plus the same member offsets (the coordinates on the
/// normalized axes), both in row-major order, so a contiguous group's members are 0, 1, 2, ….
/// </summary>
public sealed class GroupLayout
{
    private GroupLayout(int[] bases, int[] members, bool contiguous)
    {
        Bases = bases;
        Members = members;
        IsContiguous = contiguous;
    }

    public int[] Bases { get; }

    public int[] Members { get; }

    /// <summary>The normalized axes are the trailing ones, so a group is one contiguous run of cells.</summary>
    public bool IsContiguous { get; }

    public static GroupLayout Of(ImmutableArray<int> shape, ImmutableArray<int> normalizedAxes)
    {
        var strides = new int[shape.Length];
        var stride = 1;
        for (var p = shape.Length - 1; p >= 0; p--)
        {
            strides[p] = stride;
            stride *= shape[p];
        }
        var normalized = normalizedAxes.Distinct().Order().ToArray();
        if (normalized.Any(axis => axis < 0 || axis >= shape.Length))
            throw new ArgumentException($"normalized axes [{string.Join(", ", normalizedAxes)}] of a rank-{shape.Length} tensor");
        var others = Enumerable.Range(0, shape.Length).Except(normalized).ToArray();
        var contiguous = normalized.SequenceEqual(Enumerable.Range(shape.Length - normalized.Length, normalized.Length));
        return new GroupLayout(Offsets(others, shape, strides), Offsets(normalized, shape, strides), contiguous);
    }

    /// <summary>The offsets of every combination of coordinates on <paramref name="axes"/>, the last axis fastest.</summary>
    private static int[] Offsets(int[] axes, ImmutableArray<int> shape, int[] strides)
    {
        var count = axes.Aggregate(1, (product, axis) => product * shape[axis]);
        var offsets = new int[count];
        var coordinates = new int[axes.Length];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            offsets[i] = offset;
            // Advance the odometer: bump the last axis, carrying into earlier ones.
            for (var a = axes.Length - 1; a >= 0; a--)
            {
                var axis = axes[a];
                offset += strides[axis];
                if (++coordinates[a] < shape[axis])
                    break;
                offset -= strides[axis] * shape[axis];
                coordinates[a] = 0;
            }
        }
        return offsets;
    }
}
