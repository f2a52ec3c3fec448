namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>
/// The table that tells the join kernels where the columns of <c>Head(..) &lt;- Left(..), Right(..)</c> lie in
/// the packed keys, so that one compiled kernel serves every column choice. Per join column pair
/// (<see cref="JoinEntry"/> longs): the left column's stride and size, the right column's stride and size, and
/// the pair's stride in the packed join key. Then per head column (<see cref="HeadEntry"/> longs): its side
/// (<see cref="FromLeft"/> or not), the source column's stride and size, and its stride in the head key.
/// </summary>
internal static class JoinLayout
{
    public const int JoinEntry = 5;
    public const int HeadEntry = 4;
    public const long FromLeft = 0;
    public const long FromRight = 1;

    /// <summary>The table, and the head's shape (each head column as large as its source column).</summary>
    /// <exception cref="ArgumentException">Column lists that do not fit the relations.</exception>
    public static (long[] Layout, RelationShape Head) Build(
        RelationShape left, IReadOnlyList<int> leftColumns, RelationShape right, IReadOnlyList<int> rightColumns, IReadOnlyList<HeadColumn> head)
    {
        if (leftColumns.Count != rightColumns.Count)
            throw new ArgumentException($"a join pairs columns: {leftColumns.Count} left columns against {rightColumns.Count} right ones");
        CheckColumns(left, leftColumns, "left");
        CheckColumns(right, rightColumns, "right");
        var joinStrides = JoinKeyStrides(right, rightColumns);
        var layout = new long[JoinEntry * leftColumns.Count + HeadEntry * head.Count];
        for (var k = 0; k < leftColumns.Count; k++)
        {
            var entry = JoinEntry * k;
            layout[entry] = left.Stride(leftColumns[k]);
            layout[entry + 1] = left.Sizes[leftColumns[k]];
            layout[entry + 2] = right.Stride(rightColumns[k]);
            layout[entry + 3] = right.Sizes[rightColumns[k]];
            layout[entry + 4] = joinStrides[k];
        }
        var headSizes = new int[head.Count];
        for (var h = 0; h < head.Count; h++)
        {
            var source = head[h].Side == JoinSide.Left ? left : right;
            CheckColumns(source, [head[h].Column], head[h].Side == JoinSide.Left ? "left" : "right");
            headSizes[h] = source.Sizes[head[h].Column];
        }
        var headShape = new RelationShape(headSizes);
        var headStart = JoinEntry * leftColumns.Count;
        for (var h = 0; h < head.Count; h++)
        {
            var entry = headStart + HeadEntry * h;
            var source = head[h].Side == JoinSide.Left ? left : right;
            layout[entry] = head[h].Side == JoinSide.Left ? FromLeft : FromRight;
            layout[entry + 1] = source.Stride(head[h].Column);
            layout[entry + 2] = source.Sizes[head[h].Column];
            layout[entry + 3] = headShape.Stride(h);
        }
        return (layout, headShape);
    }

    /// <summary>
    /// Row-major strides of the right relation's join columns. Their product divides the right shape's
    /// cells when the columns differ, and a repeated column only repeats a factor, so it is checked anyway.
    /// </summary>
    private static long[] JoinKeyStrides(RelationShape right, IReadOnlyList<int> rightColumns)
    {
        var strides = new long[rightColumns.Count];
        long cells = 1;
        for (var k = rightColumns.Count - 1; k >= 0; k--)
        {
            strides[k] = cells;
            var size = right.Sizes[rightColumns[k]];
            if (cells > long.MaxValue / size)
                throw new ArgumentException($"the join columns of a right relation of shape {right} have 2^63 combinations or more");
            cells *= size;
        }
        return strides;
    }

    /// <summary>Whether the join columns are the relation's leading columns in order: its sorted keys are then sorted by join key.</summary>
    public static bool IsPrefix(IReadOnlyList<int> columns)
    {
        for (var k = 0; k < columns.Count; k++)
        {
            if (columns[k] != k)
                return false;
        }
        return true;
    }

    private static void CheckColumns(RelationShape shape, IReadOnlyList<int> columns, string side)
    {
        foreach (var column in columns)
        {
            if (column < 0 || column >= shape.Rank)
                throw new ArgumentException($"the {side} relation has columns 0 to {shape.Rank - 1}, not {column}");
        }
    }
}
