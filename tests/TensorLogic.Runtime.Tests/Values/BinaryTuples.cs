using TensorLogic.Runtime.Values;
using TensorLogic.Runtime.Values.Storage;

namespace TensorLogic.Runtime.Tests.Values;

/// <summary>The tuples of a binary relation or cursor as pairs, in the order they are enumerated.</summary>
internal static class BinaryTuples
{
    public static List<(int, int)> Pairs(Relation relation)
    {
        var pairs = new List<(int, int)>();
        foreach (var tuple in relation)
            pairs.Add((tuple[0], tuple[1]));
        return pairs;
    }

    public static List<(int, int)> Pairs(TupleCursor cursor)
    {
        var pairs = new List<(int, int)>();
        foreach (var tuple in cursor)
            pairs.Add((tuple[0], tuple[1]));
        return pairs;
    }
}
