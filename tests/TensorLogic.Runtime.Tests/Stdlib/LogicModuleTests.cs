using System.Text.Json;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Stdlib;

/// <summary>
/// stdlib/std/logic.tl on random graphs, on every engine in both chainings, against answers found here by
/// brute force: closures by repeated search, same generation as the pairs reachable in lockstep from two
/// distinct children of one node.
/// </summary>
public sealed class LogicModuleTests
{
    private const int Nodes = 7;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var engine in EngineMatrix.Names)
            foreach (var seed in new[] { 1, 2, 3 })
                data.Add(engine, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_graph_rules_give_the_brute_force_answers(string engine, int seed)
    {
        var (edges, starts) = RandomGraph(seed);
        var facts = string.Join("\n", edges.Select(e => $"E({e.From}, {e.To})").Concat(starts.Select(s => $"S({s})")));
        var program = $"import \"std/logic.tl\" as g with Edge=E, Start=S\n{facts}\ng.Path?\ng.Reach?\ng.SameGeneration?\ng.Unreached?\n";

        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, program);

        AnswerAssert.Equivalent(string.Join("\n", ExpectedAnswers(edges, starts)), json, run);
    }

    [Fact]
    public void The_random_graphs_exercise_every_rule()
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var (edges, starts) = RandomGraph(seed);
            var reach = Reach(edges, starts);
            Assert.NotEmpty(SameGeneration(edges));
            Assert.NotEmpty(NodesOf(edges).Except(reach));
            Assert.True(Closure(edges).Count > edges.Count, $"seed {seed}: the closure adds no pair");
        }
    }

    private static IEnumerable<string> ExpectedAnswers(List<(string From, string To)> edges, List<string> starts)
    {
        var reach = Reach(edges, starts);
        yield return Rows("g.Path?", 2, Closure(edges).Select(p => new[] { p.From, p.To }));
        yield return Rows("g.Reach?", 1, reach.Select(n => new[] { n }));
        yield return Rows("g.SameGeneration?", 2, SameGeneration(edges).Select(p => new[] { p.A, p.B }));
        yield return Rows("g.Unreached?", 1, NodesOf(edges).Except(reach).Select(n => new[] { n }));
    }

    private static (List<(string From, string To)> Edges, List<string> Starts) RandomGraph(int seed)
    {
        var random = new Random(seed);
        var edges = new List<(string, string)>();
        for (var a = 0; a < Nodes; a++)
            for (var b = 0; b < Nodes; b++)
                if (random.NextDouble() < 0.2)
                    edges.Add(($"N{a}", $"N{b}"));
        var nodes = NodesOf(edges).Order(StringComparer.Ordinal).ToList();
        return (edges, [nodes[random.Next(nodes.Count)]]);
    }

    private static HashSet<string> NodesOf(List<(string From, string To)> edges) => [.. edges.SelectMany(e => new[] { e.From, e.To })];

    /// <summary>Every (x, y) with a path of one or more edges: a search from each node.</summary>
    private static HashSet<(string From, string To)> Closure(List<(string From, string To)> edges)
    {
        var pairs = new HashSet<(string, string)>();
        foreach (var node in NodesOf(edges))
        {
            foreach (var reached in Reach(edges, [.. edges.Where(e => e.From == node).Select(e => e.To)]))
                pairs.Add((node, reached));
        }
        return pairs;
    }

    /// <summary>The start nodes and every node a path leads to from one.</summary>
    private static HashSet<string> Reach(List<(string From, string To)> edges, List<string> starts)
    {
        var seen = new HashSet<string>(starts);
        var frontier = new Queue<string>(starts);
        while (frontier.TryDequeue(out var node))
        {
            foreach (var edge in edges.Where(e => e.From == node && seen.Add(e.To)))
                frontier.Enqueue(edge.To);
        }
        return seen;
    }

    /// <summary>Pairs (x, y) reached by walking equally many edges down from two distinct children of one node.</summary>
    private static HashSet<(string A, string B)> SameGeneration(List<(string From, string To)> edges)
    {
        var seen = new HashSet<(string, string)>();
        var frontier = new Queue<(string, string)>();
        foreach (var first in edges)
            foreach (var second in edges.Where(e => e.From == first.From && e.To != first.To))
                if (seen.Add((first.To, second.To)))
                    frontier.Enqueue((first.To, second.To));
        while (frontier.TryDequeue(out var pair))
        {
            foreach (var left in edges.Where(e => e.From == pair.Item1))
                foreach (var right in edges.Where(e => e.From == pair.Item2))
                    if (seen.Add((left.To, right.To)))
                        frontier.Enqueue((left.To, right.To));
        }
        return seen;
    }

    private static string Rows(string query, int arity, IEnumerable<string[]> rows)
    {
        var sorted = rows.Select(r => r.ToList())
            .OrderBy(r => r[0], StringComparer.Ordinal)
            .ThenBy(r => r.Count > 1 ? r[1] : "", StringComparer.Ordinal);
        var vars = Enumerable.Range(0, arity).Select(k => $"${k}");
        return JsonSerializer.Serialize(new { query, vars, rows = sorted });
    }
}
