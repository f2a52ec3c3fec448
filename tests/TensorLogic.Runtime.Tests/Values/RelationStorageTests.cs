using TensorLogic.Runtime.Values;
using TensorLogic.Runtime.Values.Storage;

namespace TensorLogic.Runtime.Tests.Values;

/// <summary>
/// The pieces a relation is stored in (flat rows in chunks, a set of cell numbers, bits per cell, chained
/// indexes), each checked against a plain .NET collection, and the relation across its switch from a set
/// to bits.
/// </summary>
public class RelationStorageTests
{
    [Fact]
    public void Rows_read_back_what_was_added_across_every_chunk_size()
    {
        var rows = new TupleRows(3);
        // Past the doubling chunks (130,816 rows) into several fixed-size ones.
        const int count = 300_000;
        for (var i = 0; i < count; i++)
            Assert.Equal(i, rows.Add([i, -i, i * 7]));
        Assert.Equal(count, rows.Count);
        for (var i = 0; i < count; i++)
            Assert.Equal([i, -i, i * 7], rows[i].ToArray());
        var copy = rows.Clone();
        rows.Add([1, 2, 3]);
        Assert.Equal(count, copy.Count);
        Assert.Equal([count - 1, -(count - 1), (count - 1) * 7], copy[count - 1].ToArray());
    }

    [Fact]
    public void A_set_of_codes_agrees_with_a_hash_set()
    {
        var set = new CodeSet();
        var reference = new HashSet<long>();
        var random = new Random(3);
        for (var i = 0; i < 50_000; i++)
        {
            // Clustered and far-apart codes, with repeats.
            long code = random.Next(3) == 0 ? random.NextInt64(1L << 60) : random.Next(20_000);
            Assert.Equal(reference.Add(code), set.Add(code));
        }
        Assert.Equal(reference.Count, set.Count);
        for (long code = 0; code < 20_000; code++)
            Assert.Equal(reference.Contains(code), set.Contains(code));
        Assert.Equal(reference.Order(), set.Codes().Order());
    }

    [Fact]
    public void Bits_agree_with_a_hash_set_and_list_cells_in_order()
    {
        var bits = new CellBits(1000);
        var reference = new SortedSet<long>();
        var random = new Random(5);
        for (var i = 0; i < 700; i++)
        {
            var cell = random.Next(1000);
            Assert.Equal(reference.Add(cell), bits.Add(cell));
        }
        for (var cell = 0; cell < 1000; cell++)
            Assert.Equal(reference.Contains(cell), bits.Contains(cell));
        Assert.Equal(reference, bits.Cells());
    }

    [Fact]
    public void A_relation_answers_the_same_before_and_after_it_becomes_dense()
    {
        // 300 × 300 cells: too many to start dense, few enough that bits win after about a thousand tuples.
        var relation = new Relation([300, 300]);
        var inserted = new List<(int, int)>();
        var members = new HashSet<(int, int)>();
        var random = new Random(11);
        var buffer = new int[2];
        for (var i = 0; i < 20_000; i++)
        {
            var (x, y) = (random.Next(300), random.Next(300));
            Assert.Equal(members.Add((x, y)), relation.Add([x, y]));
            if (members.Count > inserted.Count)
                inserted.Add((x, y));
            Assert.Equal(members.Count, relation.Count);
            if (i == 100)
            {
                // While sparse: insertion order, and an index on the second position that must keep up.
                Assert.False(relation.IsDense);
                Assert.Equal(inserted, BinaryTuples.Pairs(relation));
                Assert.Equal(inserted.Where(t => t.Item2 == 42), BinaryTuples.Pairs(relation.Matches([-1, 42], buffer)));
            }
        }
        Assert.True(relation.IsDense);
        for (var x = 0; x < 300; x++)
        {
            for (var y = 0; y < 300; y += 7)
                Assert.Equal(members.Contains((x, y)), relation.Contains([x, y]));
        }
        // Dense: row-major order, by the first position (a run of bits) and by the second (the transposed bits).
        Assert.Equal(members.Order(), BinaryTuples.Pairs(relation));
        Assert.Equal(members.Where(t => t.Item1 == 17).Order(), BinaryTuples.Pairs(relation.Matches([17, -1], buffer)));
        Assert.Equal(members.Where(t => t.Item2 == 42).OrderBy(t => t.Item1), BinaryTuples.Pairs(relation.Matches([-1, 42], buffer)));
        // The transposed bits keep up with tuples added after they were built.
        var late = Enumerable.Range(0, 300).First(x => !members.Contains((x, 42)));
        relation.Add([late, 42]);
        members.Add((late, 42));
        Assert.Equal(members.Where(t => t.Item2 == 42).OrderBy(t => t.Item1), BinaryTuples.Pairs(relation.Matches([-1, 42], buffer)));
        Assert.Equal(members.Contains((3, 4)) ? [(3, 4)] : [], BinaryTuples.Pairs(relation.Matches([3, 4], buffer)));
        Assert.Empty(BinaryTuples.Pairs(relation.Matches([300, -1], buffer)));
        Assert.Equal(members.Order(), relation.NonZeros().Select(c => (c.Cell[0], c.Cell[1])));
        var clone = (Relation)relation.Clone();
        var absent = Enumerable.Range(0, 300).First(y => !members.Contains((299, y)));
        Assert.True(clone.Add([299, absent]));
        Assert.False(relation.Contains([299, absent]));
    }

    [Fact]
    public void A_fully_bound_pattern_matches_its_tuple_once_in_either_form()
    {
        // 10 × 10 cells start dense; 1000 × 1000 stay sparse with three tuples.
        foreach (var side in new[] { 10, 1000 })
        {
            var relation = new Relation([side, side]);
            relation.Add([1, 2]);
            relation.Add([3, 4]);
            relation.Add([1, 5]);
            var buffer = new int[2];
            Assert.Equal([(1, 5)], BinaryTuples.Pairs(relation.Matches([1, 5], buffer)));
            Assert.Empty(BinaryTuples.Pairs(relation.Matches([5, 1], buffer)));
            Assert.Equal([[3, 4]], relation.Match([3, 4]));
        }
    }

    [Fact]
    public void A_union_adds_what_was_missing_in_either_form()
    {
        foreach (var side in new[] { 10, 400 })
        {
            var (a, b) = (new Relation([side, side]), new Relation([side, side]));
            var expected = new HashSet<(int, int)>();
            var random = new Random(side);
            for (var i = 0; i < side * 3; i++)
            {
                var (x, y) = (random.Next(side), random.Next(side));
                (i % 2 == 0 ? a : b).Add([x, y]);
                expected.Add((x, y));
            }
            a.UnionWith(b);
            Assert.Equal(expected.Count, a.Count);
            Assert.Equal(expected.Order(), a.NonZeros().Select(c => (c.Cell[0], c.Cell[1])));
        }
    }

    [Fact]
    public void A_run_of_bits_adds_exactly_the_missing_tuples()
    {
        // Fresh(x, z) <- Delta(x, y), E(y, z) with E and Known dense: the run E(y, ·) minus Known(x, ·).
        const int n = 150;
        var (e, known, fresh) = (new Relation([n, n]), new Relation([n, n]), new Relation([n, n]));
        var random = new Random(2);
        for (var i = 0; i < n * n / 2; i++)
        {
            e.Add([random.Next(n), random.Next(n)]);
            known.Add([random.Next(n), random.Next(n)]);
        }
        Assert.True(e.IsDense && known.IsDense);
        var head = new int[2];
        foreach (var (x, y) in new[] { (0, 5), (7, 149), (149, 0) })
        {
            head[0] = x;
            Assert.True(fresh.AddMissingFromRun(e, [y, -1], 1, known, head, 1));
        }
        var expected = new[] { (0, 5), (7, 149), (149, 0) }
            .SelectMany(d => Enumerable.Range(0, n).Where(z => e.Contains([d.Item2, z]) && !known.Contains([d.Item1, z])).Select(z => (d.Item1, z)))
            .ToHashSet();
        Assert.Equal(expected.Order(), fresh.NonZeros().Select(c => (c.Cell[0], c.Cell[1])));
        Assert.False(fresh.AddMissingFromRun(new Relation([n, 100_000]), [0, -1], 1, known, head, 1), "a sparse source is declined");
    }

    [Fact]
    public void A_dense_binary_relation_costs_at_most_12_bytes_a_tuple()
    {
        // A transitive closure's shape: every pair of a 1000-node cycle.
        var relation = new Relation([1000, 1000]);
        for (var d = 0; d < 1000; d++)
        {
            for (var x = 0; x < 1000; x++)
                relation.Add([x, (x + d) % 1000]);
        }
        Assert.Equal(1_000_000, relation.Count);
        Assert.InRange(relation.StorageBytes / (double)relation.Count, 0, 12);
    }
}
