using System.Collections.Immutable;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Tests.Values;

/// <summary>
/// A relation's set and indexes, in both of its keyings: cell numbers when the shape's cells fit in 62 bits,
/// copied tuples when they do not. The same operations must give the same answers, checked against a plain
/// list filtered by hand.
/// </summary>
public class RelationTests
{
    public static TheoryData<int[]> Shapes() =>
    [
        new[] { 5, 7, 3 },
        // 1000^8 cells cannot be numbered in 62 bits: the tuple-keyed path.
        new[] { 1000, 1000, 1000, 1000, 1000, 1000, 1000, 5 },
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Membership_and_matching_agree_with_a_filtered_list(int[] shape)
    {
        var relation = new Relation([.. shape]);
        var random = new Random(7);
        var tuples = new List<int[]>();
        for (var i = 0; i < 300; i++)
        {
            // Small values on every position, so that matches are frequent.
            var tuple = shape.Select(s => random.Next(Math.Min(s, 3))).ToArray();
            var added = relation.Add(tuple);
            Assert.Equal(!tuples.Any(t => t.SequenceEqual(tuple)), added);
            if (added)
                tuples.Add(tuple);
        }
        Assert.Equal(tuples.Count, relation.Count);
        Assert.False(relation.Add(shape.Select(s => s).ToArray()), "a tuple outside the shape is ignored");
        foreach (var tuple in tuples)
            Assert.True(relation.Contains(tuple));
        Assert.False(relation.Contains(shape.Select(_ => -1).ToArray()));

        // Every pattern binding the first position, the last, or both, to each value 0..2.
        int[][] masks = [[0], [shape.Length - 1], [0, shape.Length - 1]];
        foreach (var bound in masks)
        {
            for (var value = 0; value < 3; value++)
            {
                var pattern = Enumerable.Repeat(-1, shape.Length).ToArray();
                foreach (var p in bound)
                    pattern[p] = value;
                var expected = tuples.Where(t => bound.All(p => t[p] == value)).Select(Text).Order().ToList();
                Assert.Equal(expected, relation.Match(pattern).Select(Text).Order().ToList());
            }
        }
        // An index built earlier must see tuples added later.
        var late = shape.Select(_ => 2).ToArray();
        relation.Add(late);
        var first = Enumerable.Repeat(-1, shape.Length).ToArray();
        first[0] = 2;
        Assert.Contains(Text(late), relation.Match(first).Select(Text));
        // A bound value past the end of its position matches nothing.
        first[0] = shape[0];
        Assert.Empty(relation.Match(first));
    }

    private static string Text(int[] tuple) => string.Join(",", tuple);
}
