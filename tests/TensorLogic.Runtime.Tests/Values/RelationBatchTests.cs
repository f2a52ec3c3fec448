using TensorLogic.Runtime.Values;
using TensorLogic.Runtime.Values.Storage;

namespace TensorLogic.Runtime.Tests.Values;

/// <summary>
/// What a semi-naive round does to its relations in batches (add what is missing and collect it, keep what is
/// missing elsewhere, store known-new tuples without testing them), checked against sets and lists of pairs.
/// </summary>
public class RelationBatchTests
{
    // 2,000 × 2,000 cells stay sparse with a few thousand tuples; 100 × 100 start dense.
    private static readonly int[] Sides = [2000, 100];

    [Fact]
    public void Adding_a_batch_collects_exactly_the_tuples_that_were_missing_in_order()
    {
        foreach (var side in Sides)
        {
            var random = new Random(side);
            var (known, added) = (new Relation([side, side]), new Relation([side, side]));
            var members = new HashSet<(int, int)>();
            for (var i = 0; i < 1500; i++)
            {
                var pair = (random.Next(side), random.Next(side));
                known.Add([pair.Item1, pair.Item2]);
                members.Add(pair);
            }
            // 1,001 tuples (not a whole number of prefetched batches): repeats within the batch and of known ones.
            var batch = Enumerable.Range(0, 1001).Select(_ => (random.Next(side), random.Next(side))).ToList();
            batch.AddRange(members.Take(40));
            batch.Add(batch[3]);
            var expectedNew = new List<(int, int)>();
            foreach (var pair in batch)
            {
                if (members.Add(pair))
                    expectedNew.Add(pair);
            }
            known.AddAll(Flat(batch), added);
            Assert.Equal(members.Count, known.Count);
            Assert.Equal(members.Order(), Sorted(known));
            Assert.Equal(side == 100 ? expectedNew.Order() : expectedNew, BinaryTuples.Pairs(added));
            Assert.Equal(expectedNew.Count, added.Count);
        }
    }

    [Fact]
    public void Adding_the_tuples_of_a_relation_agrees_with_adding_them_one_by_one()
    {
        foreach (var side in Sides)
        {
            var random = new Random(side + 1);
            var (known, reference, source, added) = (new Relation([side, side]), new Relation([side, side]), new Relation([side, side]), new Relation([side, side]));
            for (var i = 0; i < 900; i++)
            {
                int[] tuple = [random.Next(side), random.Next(side)];
                known.Add(tuple);
                reference.Add(tuple);
            }
            for (var i = 0; i < 777; i++)
                source.Add([random.Next(side), random.Next(side)]);
            var expectedNew = new List<(int, int)>();
            foreach (var (x, y) in BinaryTuples.Pairs(source))
            {
                if (reference.Add([x, y]))
                    expectedNew.Add((x, y));
            }
            known.AddAll(source, added);
            Assert.Equal(Sorted(reference), Sorted(known));
            Assert.Equal(expectedNew, BinaryTuples.Pairs(added));
        }
    }

    [Fact]
    public void Adding_bits_to_bits_collects_exactly_the_new_tuples()
    {
        // 150 × 150 cells: every relation starts as bits, and the addition goes word by word.
        const int n = 150;
        var (known, source, added) = (new Relation([n, n]), new Relation([n, n]), new Relation([n, n]));
        var random = new Random(8);
        var members = new HashSet<(int, int)>();
        for (var i = 0; i < 4000; i++)
        {
            var pair = (random.Next(n), random.Next(n));
            known.Add([pair.Item1, pair.Item2]);
            members.Add(pair);
        }
        // What the round added before: held by known and by added.
        var earlier = Enumerable.Range(0, n).Select(y => (149, y)).Where(p => !members.Contains(p)).ToList();
        foreach (var (x, y) in earlier)
        {
            known.Add([x, y]);
            added.Add([x, y]);
            members.Add((x, y));
        }
        var expectedNew = new HashSet<(int, int)>(earlier);
        for (var i = 0; i < 3000; i++)
        {
            var pair = (random.Next(n), random.Next(n));
            source.Add([pair.Item1, pair.Item2]);
            if (members.Add(pair))
                expectedNew.Add(pair);
        }
        Assert.True(known.IsDense && source.IsDense && added.IsDense);
        known.AddAll(source, added);
        Assert.Equal(members.Count, known.Count);
        Assert.Equal(members.Order(), BinaryTuples.Pairs(known));
        Assert.Equal(expectedNew.Count, added.Count);
        Assert.Equal(expectedNew.Order(), BinaryTuples.Pairs(added));
    }

    [Fact]
    public void Keeping_the_missing_tuples_leaves_the_known_relation_as_it_was()
    {
        foreach (var side in Sides)
        {
            var random = new Random(side + 2);
            var (known, output) = (new Relation([side, side]), new Relation([side, side]));
            var members = new HashSet<(int, int)>();
            for (var i = 0; i < 1200; i++)
            {
                var pair = (random.Next(side), random.Next(side));
                known.Add([pair.Item1, pair.Item2]);
                members.Add(pair);
            }
            var batch = Enumerable.Range(0, 333).Select(_ => (random.Next(side), random.Next(side))).Concat(members.Take(17)).ToList();
            batch.Add(batch[0]);
            var missing = batch.Where(p => !members.Contains(p)).Distinct().ToList();
            known.AddMissingTo(Flat(batch), output);
            Assert.Equal(members.Order(), Sorted(known));
            Assert.Equal(side == 100 ? missing.Order() : missing, BinaryTuples.Pairs(output));
        }
    }

    [Fact]
    public void Tuples_stored_untested_answer_membership_indexes_copies_and_later_additions()
    {
        var relation = new Relation([2000, 2000]);
        var members = new List<(int, int)>();
        for (var x = 0; x < 300; x++)
        {
            members.Add((x, (x * 7) % 2000));
            relation.AddDistinct([x, (x * 7) % 2000]);
        }
        Assert.False(relation.IsDense);
        Assert.Equal(members, BinaryTuples.Pairs(relation));
        // An index on the second position, built from the rows.
        Assert.Equal(members.Where(p => p.Item2 == 14), BinaryTuples.Pairs(relation.Matches([-1, 14], new int[2])));
        Assert.True(relation.Contains([2, 14]));
        Assert.False(relation.Contains([2, 15]));
        // Untested again, then a copy and a tested addition: each sees every tuple.
        relation.AddDistinct([1999, 1999]);
        members.Add((1999, 1999));
        var copy = (Relation)relation.Clone();
        Assert.True(copy.Contains([1999, 1999]));
        relation.AddDistinct([1998, 0]);
        members.Add((1998, 0));
        Assert.False(relation.Add([1998, 0]));
        Assert.False(relation.Add([5, 35]));
        Assert.True(relation.Add([5, 36]));
        members.Add((5, 36));
        Assert.Equal(members, BinaryTuples.Pairs(relation));
        Assert.Equal(members.Count, relation.Count);
        Assert.Equal(members.Count - 2, copy.Count);
    }

    [Fact]
    public void Tuples_stored_untested_survive_the_switch_to_bits()
    {
        // 300 × 300 cells: bits win after about a thousand tuples.
        var relation = new Relation([300, 300]);
        var members = new HashSet<(int, int)>();
        for (var x = 0; x < 300; x++)
        {
            for (var y = x % 3; y < 300; y += 29)
            {
                relation.AddDistinct([x, y]);
                members.Add((x, y));
            }
        }
        Assert.True(relation.IsDense);
        Assert.Equal(members.Count, relation.Count);
        Assert.Equal(members.Order(), BinaryTuples.Pairs(relation));
        Assert.False(relation.Add([0, 0]));
    }

    [Fact]
    public void A_run_of_bits_can_grow_the_known_relation_and_collect_what_it_added()
    {
        const int n = 150;
        var (e, known, before, fresh) = (new Relation([n, n]), new Relation([n, n]), new Relation([n, n]), new Relation([n, n]));
        var random = new Random(4);
        for (var i = 0; i < n * n / 2; i++)
        {
            e.Add([random.Next(n), random.Next(n)]);
            int[] tuple = [random.Next(n), random.Next(n)];
            known.Add(tuple);
            before.Add(tuple);
        }
        var head = new int[2];
        var expected = new List<(int, int)>();
        foreach (var (x, y) in new[] { (0, 5), (7, 149), (0, 6) })
        {
            head[0] = x;
            foreach (var z in Enumerable.Range(0, n).Where(z => e.Contains([y, z]) && !before.Contains([x, z]) && !expected.Contains((x, z))))
                expected.Add((x, z));
            Assert.True(known.AddMissingFromRun(e, [y, -1], 1, known, head, 1, fresh));
        }
        // Both dense: their tuples come out in row-major order.
        Assert.Equal(expected.Order(), BinaryTuples.Pairs(fresh));
        Assert.Equal(before.Count + expected.Count, known.Count);
        Assert.All(expected, p => Assert.True(known.Contains([p.Item1, p.Item2])));
    }

    [Fact]
    public void A_set_of_codes_keeps_its_members_across_many_doublings()
    {
        // Codes that differ only in high bits, and consecutive ones, through 2^17 slots.
        var set = new CodeSet();
        var reference = new HashSet<long>();
        for (long i = 0; i < 100_000; i++)
        {
            var code = i % 2 == 0 ? i / 2 : (i << 40) + 1;
            Assert.True(set.Add(code));
            reference.Add(code);
        }
        Assert.False(set.Add(0));
        Assert.False(set.Add((99_999L << 40) + 1));
        Assert.Equal(reference.Count, set.Count);
        Assert.Equal(reference.Order(), set.Codes().Order());
        for (long code = 0; code < 60_000; code++)
            Assert.Equal(reference.Contains(code), set.Contains(code));
        Assert.False(set.Contains(2L << 40));
    }

    [Fact]
    public void Lookups_by_first_positions_and_by_others_list_the_matching_tuples_in_insertion_order()
    {
        // Small first domains (indexed by arrays over the prefix) and a first domain of a million (by a
        // dictionary), each with lookups before and after more tuples arrive.
        foreach (var shape in new[] { new[] { 40, 50, 2000 }, new[] { 1_000_000, 3, 3000 } })
        {
            var relation = new Relation([.. shape]);
            var inserted = new List<int[]>();
            var random = new Random(shape[0]);
            var buffer = new int[3];
            void Insert(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    int[] tuple = [random.Next(shape[0] == 40 ? 40 : 60), random.Next(shape[1]), random.Next(shape[2])];
                    if (relation.Add(tuple))
                        inserted.Add(tuple);
                }
            }
            Insert(3000);
            foreach (var round in new[] { 0, 1 })
            {
                Assert.False(relation.IsDense);
                foreach (var pattern in new[] { new[] { 7, -1, -1 }, [7, 2, -1], [39, 0, -1], [-1, 2, -1], [7, -1, 1999], [59, -1, -1], [0, 49, -1] })
                {
                    if (pattern.Where((v, p) => v >= shape[p]).Any())
                        continue;
                    var expected = inserted.Where(t => pattern.Select((v, p) => v < 0 || t[p] == v).All(b => b)).Select(t => (t[0], t[1], t[2]));
                    var actual = new List<(int, int, int)>();
                    foreach (var tuple in relation.Matches(pattern, buffer))
                        actual.Add((tuple[0], tuple[1], tuple[2]));
                    Assert.Equal(expected, actual);
                }
                Insert(500);
            }
        }
    }

    private static int[] Flat(IEnumerable<(int, int)> pairs) => [.. pairs.SelectMany(p => new[] { p.Item1, p.Item2 })];

    private static List<(int, int)> Sorted(Relation relation) => [.. BinaryTuples.Pairs(relation).Order()];
}
