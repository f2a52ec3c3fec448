using System.Globalization;
using System.Text;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>
/// A seeded random directed graph with integer edge weights, written as Tensor Logic data, and the path
/// problems on it solved the textbook way, without Tensor Logic: the references the recursions are held to.
/// Weights are small integers, so every path length is exact in float32 too and answers compare exactly.
/// The graph always has an edge back to the source (a cycle through it) and two nodes no edge enters.
/// </summary>
internal sealed class RandomGraph
{
    private RandomGraph(int nodes, IReadOnlyList<(int From, int To, int Weight)> edges)
    {
        Nodes = nodes;
        Edges = edges;
    }

    public int Nodes { get; }

    public IReadOnlyList<(int From, int To, int Weight)> Edges { get; }

    public static RandomGraph Make(int seed, int nodes = 24, int edges = 70)
    {
        var random = new Random(seed);
        var pairs = new Dictionary<(int, int), int> { [(0, 1)] = random.Next(1, 20), [(1, 0)] = random.Next(1, 20) };
        while (pairs.Count < edges)
        {
            // Nodes - 1 and Nodes - 2 have no incoming edge: unreachable from 0.
            var to = random.Next(0, nodes - 2);
            pairs.TryAdd((random.Next(0, nodes), to), random.Next(1, 20));
        }
        return new RandomGraph(nodes, [.. pairs.Select(p => (p.Key.Item1, p.Key.Item2, p.Value))]);
    }

    /// <summary><c>Edge : bool[n, n]</c> with one fact per edge, and the weights as a dense literal <c>name : real[n, n]</c>.</summary>
    public string Declarations(string weights)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Edge : bool[{Nodes}, {Nodes}]\n");
        foreach (var (from, to, _) in Edges)
            text.Append(CultureInfo.InvariantCulture, $"Edge({from}, {to})\n");
        var matrix = new int[Nodes, Nodes];
        foreach (var (from, to, weight) in Edges)
            matrix[from, to] = weight;
        var rows = Enumerable.Range(0, Nodes).Select(i => "[" + string.Join(", ", Enumerable.Range(0, Nodes).Select(j => matrix[i, j])) + "]");
        text.Append(CultureInfo.InvariantCulture, $"{weights} : real[{Nodes}, {Nodes}]\n{weights} = [{string.Join(", ", rows)}]\n");
        return text.ToString();
    }

    /// <summary>Dijkstra from <paramref name="source"/>: +∞ where no path leads.</summary>
    public double[] Shortest(int source)
    {
        var distance = Enumerable.Repeat(double.PositiveInfinity, Nodes).ToArray();
        var done = new bool[Nodes];
        distance[source] = 0;
        for (var round = 0; round < Nodes; round++)
        {
            var next = Enumerable.Range(0, Nodes).Where(n => !done[n]).MinBy(n => distance[n]);
            if (double.IsPositiveInfinity(distance[next]))
                break;
            done[next] = true;
            foreach (var (from, to, weight) in Edges.Where(e => e.From == next))
                distance[to] = Math.Min(distance[to], distance[from] + weight);
        }
        return distance;
    }

    /// <summary>
    /// The widest path from <paramref name="source"/>, which starts with <paramref name="width"/>: the largest
    /// bottleneck over all paths, −∞ where no path leads, found by relaxing every edge until nothing changes.
    /// </summary>
    public double[] Widest(int source, double width)
    {
        var widest = Enumerable.Repeat(double.NegativeInfinity, Nodes).ToArray();
        widest[source] = width;
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (from, to, weight) in Edges)
            {
                var through = Math.Min(widest[from], weight);
                if (through > widest[to])
                {
                    widest[to] = through;
                    changed = true;
                }
            }
        }
        return widest;
    }

    /// <summary>A query's answer as <c>JsonAnswerWriter</c> prints it.</summary>
    public static string Answer(string query, IEnumerable<double> values) =>
        $$"""{"query":"{{query}}","shape":[{{values.Count()}}],"data":[{{string.Join(",", values.Select(Number))}}]}""";

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "\"Infinity\"" : double.IsNegativeInfinity(value) ? "\"-Infinity\"" : value.ToString("R", CultureInfo.InvariantCulture);
}
