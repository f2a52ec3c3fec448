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
    public void A_relation_keeps_its_tuples_and_answers_when_it_switches_to_bits()
    {
        // 300 × 300 cells: too many to start with bits, few enough that bits win after about a thousand tuples.
        var relation = new Relation([300, 300]);
        var inserted = new List<(int, int)>();
        var members = new HashSet<(int, int)>();
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var (x, y) = (random.Next(300), random.Next(300));
            Assert.Equal(members.Add((x, y)), relation.Add([x, y]));
            if (members.Count > inserted.Count)
                inserted.Add((x, y));
            // The index on the second position is made while the relation is small; it must keep up.
            if (i == 100)
                _ = relation.MatchRows([-1, 42]);
        }
        Assert.Equal(inserted.Count, relation.Count);
        for (var row = 0; row < relation.Count; row++)
            Assert.Equal(inserted[row], (relation.Row(row)[0], relation.Row(row)[1]));
        for (var x = 0; x < 300; x++)
        {
            for (var y = 0; y < 300; y += 7)
                Assert.Equal(members.Contains((x, y)), relation.Contains([x, y]));
        }
        // Matches come in insertion order.
        var expected = inserted.Where(t => t.Item2 == 42).ToList();
        var matched = new List<(int, int)>();
        foreach (var row in relation.MatchRows([-1, 42]))
            matched.Add((relation.Row(row)[0], relation.Row(row)[1]));
        Assert.Equal(expected, matched);
        // In row-major order, as the writers expect.
        Assert.Equal(members.Order(), relation.NonZeros().Select(c => (c.Cell[0], c.Cell[1])));
        var clone = (Relation)relation.Clone();
        Assert.True(clone.Add([299, 299]) || members.Contains((299, 299)));
        Assert.Equal(members.Contains((299, 299)), relation.Contains([299, 299]));
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
        Assert.InRange(relation.StorageBytes / (double)relation.Count, 8, 12);
    }
}
