using TensorLogic.Backends.Gpu.Relational;
using static TensorLogic.Backends.Gpu.Tests.Relational.RelationFixture;

namespace TensorLogic.Backends.Gpu.Tests.Relational;

/// <summary>Binary joins on the device against a nested-loop join, for several column choices.</summary>
public class JoinTests
{
    public sealed record Case(int[] LeftSizes, int[] RightSizes, int[] LeftColumns, int[] RightColumns, HeadColumn[] Head)
    {
        public override string ToString() =>
            $"L{string.Join("x", LeftSizes)}.{string.Join("", LeftColumns)} R{string.Join("x", RightSizes)}.{string.Join("", RightColumns)} -> {string.Join(" ", Head.Select(h => $"{h.Side}{h.Column}"))}";
    }

    public static TheoryData<Case> Cases => new()
    {
        // Path step: Reach(x, z) <- Reach(x, y), E(y, z); the right's join column leads (no sort).
        new Case([20, 20], [20, 20], [1], [0], [HeadColumn.Left(0), HeadColumn.Right(1)]),
        // Right joined on its last column (index sorted), head reordered.
        new Case([15, 12], [9, 15], [0], [1], [HeadColumn.Right(0), HeadColumn.Left(1), HeadColumn.Left(0)]),
        // Two join columns, in crossed order, on ternary relations; a projection drops columns.
        new Case([6, 5, 4], [4, 7, 6], [0, 2], [2, 0], [HeadColumn.Left(1), HeadColumn.Right(1)]),
        // Columns whose sizes differ: left values beyond the right column's size match nothing.
        new Case([30, 8], [10, 5], [0], [0], [HeadColumn.Left(1), HeadColumn.Right(1)]),
        // A right column joined twice; a head with a column repeated.
        new Case([5, 5], [5, 5, 40], [0, 1], [1, 1], [HeadColumn.Right(2), HeadColumn.Left(0), HeadColumn.Left(0)]),
        // No join column: the cross product.
        new Case([4, 3], [5], [], [], [HeadColumn.Left(1), HeadColumn.Right(0)]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Join_matches_a_nested_loop_join(Case c)
    {
        var leftShape = new RelationShape(c.LeftSizes);
        var rightShape = new RelationShape(c.RightSizes);
        foreach (var (leftCount, rightCount, seed) in new[] { (0, 10, 1), (10, 0, 2), (1, 1, 3), (40, 60, 4), (300, 200, 5) })
        {
            var leftTuples = RandomTuples(leftShape, leftCount, seed);
            var rightTuples = RandomTuples(rightShape, rightCount, seed + 50);
            using var left = Relations.Upload(leftShape, leftTuples);
            using var right = Relations.Upload(rightShape, rightTuples);
            using var joined = Relations.Join(left, c.LeftColumns, right, c.RightColumns, c.Head);
            var headShape = new RelationShape([.. c.Head.Select(h => (h.Side == JoinSide.Left ? leftShape : rightShape).Sizes[h.Column])]);
            AssertSameTuples(NestedLoopJoin(headShape, left.ToTuples(), right.ToTuples(), c), joined.ToTuples());
            Assert.Equal(headShape.Sizes, joined.Shape.Sizes);
        }
    }

    [Fact]
    public void Many_matches_per_tuple_and_many_duplicate_heads()
    {
        // Each left tuple matches about a third of the right; the head keeps one column of each, so most
        // of the 100,000 matches are duplicates.
        var c = new Case([3, 50], [3, 400], [0], [0], [HeadColumn.Right(1), HeadColumn.Left(1)]);
        var leftShape = new RelationShape(c.LeftSizes);
        var rightShape = new RelationShape(c.RightSizes);
        using var left = Relations.Upload(leftShape, RandomTuples(leftShape, 300, 21));
        using var right = Relations.Upload(rightShape, RandomTuples(rightShape, 1000, 22));
        using var joined = Relations.Join(left, c.LeftColumns, right, c.RightColumns, c.Head);
        AssertSameTuples(NestedLoopJoin(new RelationShape(400, 50), left.ToTuples(), right.ToTuples(), c), joined.ToTuples());
    }

    [Fact]
    public void An_index_serves_many_joins()
    {
        var shape = new RelationShape(25, 25);
        var c = new Case([25, 25], [25, 25], [1], [1], [HeadColumn.Left(0), HeadColumn.Right(0)]);
        using var right = Relations.Upload(shape, RandomTuples(shape, 80, 9));
        using var index = Relations.IndexForJoin(right, [1]);
        for (var seed = 10; seed < 14; seed++)
        {
            using var left = Relations.Upload(shape, RandomTuples(shape, 60, seed));
            using var joined = Relations.Join(left, [1], index, c.Head);
            AssertSameTuples(NestedLoopJoin(shape, left.ToTuples(), right.ToTuples(), c), joined.ToTuples());
        }
    }

    [Fact]
    public void Column_choices_that_do_not_fit_are_refused()
    {
        var shape = new RelationShape(4, 4);
        using var a = Relations.Upload(shape, [[1, 2]]);
        Assert.Throws<ArgumentException>(() => Relations.Join(a, [2], a, [0], [HeadColumn.Left(0)]));
        Assert.Throws<ArgumentException>(() => Relations.Join(a, [0, 1], a, [0], [HeadColumn.Left(0)]));
        Assert.Throws<ArgumentException>(() => Relations.Join(a, [0], a, [0], [HeadColumn.Right(5)]));
    }

    private static List<int[]> NestedLoopJoin(RelationShape headShape, List<int[]> left, List<int[]> right, Case c)
    {
        var head = new List<int[]>();
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                if (c.LeftColumns.Select((column, k) => l[column] == r[c.RightColumns[k]]).All(equal => equal))
                    head.Add([.. c.Head.Select(h => h.Side == JoinSide.Left ? l[h.Column] : r[h.Column])]);
            }
        }
        return SetOf(headShape, head);
    }
}
