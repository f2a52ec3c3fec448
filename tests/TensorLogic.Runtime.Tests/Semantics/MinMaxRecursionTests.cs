using System.Globalization;
using TensorLogic.Runtime.Execution;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>
/// Recursive <c>min=</c>/<c>max=</c> equations on random graphs, on every engine, held exactly to answers computed
/// without Tensor Logic (Dijkstra, relaxation to a fixpoint): shortest and widest paths, several tensors in one
/// recursion, tensors whose cells move opposite ways, data and non-recursive equations beside the recursion, a
/// shape that is left to the sweeps, and a negative cycle, which must stop at the iteration limit.
/// </summary>
public class MinMaxRecursionTests
{
    public static TheoryData<string, string> Seeds => EngineMatrix.Cross(["1", "2", "3"]);

    public static TheoryData<string> All => EngineMatrix.All;

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Shortest_paths_on_a_random_graph_are_dijkstras(string seed, string engine)
    {
        var graph = RandomGraph.Make(int.Parse(seed, CultureInfo.InvariantCulture));
        var run = EngineMatrix.Get(engine);
        var result = ProgramRunner.Run(run, graph.Declarations("Cost") + """
            Dist[0] = 0.0
            Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
            Dist?
            """);
        Assert.Equal("", result.Diagnostics);
        AnswerAssert.Equivalent(RandomGraph.Answer("Dist?", graph.Shortest(0)), result.Text, 0);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Widest_paths_on_a_random_graph_are_the_largest_bottlenecks(string seed, string engine)
    {
        var graph = RandomGraph.Make(int.Parse(seed, CultureInfo.InvariantCulture));
        var run = EngineMatrix.Get(engine);
        // min(W, C) written W - relu(W - C), the language's min of two values.
        var result = ProgramRunner.Run(run, graph.Declarations("Cap") + """
            Width[0] = 100.0
            Width[y] max= Edge(x, y) (Width[x] - relu(Width[x] - Cap[x, y]))
            Width?
            """);
        Assert.Equal("", result.Diagnostics);
        AnswerAssert.Equivalent(RandomGraph.Answer("Width?", graph.Widest(0, 100)), result.Text, 0);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Two_min_tensors_recursing_through_each_other_are_the_shortest_even_and_odd_walks(string engine)
    {
        var graph = RandomGraph.Make(4);
        var run = EngineMatrix.Get(engine);
        var result = ProgramRunner.Run(run, graph.Declarations("W") + """
            Even[0] = 0.0
            Even[y] min= (Odd[x] + W[x, y]) Edge(x, y)
            Odd[y] min= (Even[x] + W[x, y]) Edge(x, y)
            Even?
            Odd?
            """);
        Assert.Equal("", result.Diagnostics);
        var (even, odd) = ShortestByParity(graph);
        AnswerAssert.Equivalent(RandomGraph.Answer("Even?", even) + "\n" + RandomGraph.Answer("Odd?", odd), result.Text, 0);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Data_and_equations_that_do_not_recurse_combine_with_the_recursion(string engine)
    {
        var graph = RandomGraph.Make(5);
        var random = new Random(5);
        var start = Enumerable.Range(0, graph.Nodes).Select(_ => (double)random.Next(20, 90)).ToArray();
        var toll = Enumerable.Range(0, graph.Nodes).Select(_ => (double)random.Next(0, 5)).ToArray();
        var hub = Enumerable.Range(0, graph.Nodes).Select(_ => (double)random.Next(10, 200)).ToArray();
        var run = EngineMatrix.Get(engine);
        // Dist has data (a start cost per node) that its min= equation improves on; Via is a min tensor with a
        // summed equation (one binding per cell) that reads the recursion and a min= one that reads data only.
        var result = ProgramRunner.Run(run, graph.Declarations("W") + $"""
            Dist : real[{graph.Nodes}]
            Dist = {Vector(start)}
            Toll = {Vector(toll)}
            Hub = {Vector(hub)}
            Dist[y] min= (Via[x] + W[x, y]) Edge(x, y)
            Via[x] = Dist[x] + Toll[x]
            Via[x] min= Hub[x]
            Dist?
            Via?
            """);
        Assert.Equal("", result.Diagnostics);
        var dist = (double[])start.Clone();
        var via = new double[graph.Nodes];
        for (var changed = true; changed;)
        {
            changed = false;
            for (var x = 0; x < graph.Nodes; x++)
                via[x] = Math.Min(hub[x], dist[x] + toll[x]);
            foreach (var (from, to, weight) in graph.Edges)
            {
                if (via[from] + weight < dist[to])
                {
                    dist[to] = via[from] + weight;
                    changed = true;
                }
            }
        }
        AnswerAssert.Equivalent(RandomGraph.Answer("Dist?", dist) + "\n" + RandomGraph.Answer("Via?", via), result.Text, 0);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void A_min_tensor_and_a_max_tensor_may_recurse_through_each_other(string engine)
    {
        var graph = RandomGraph.Make(6);
        var run = EngineMatrix.Get(engine);
        // As Hi rises, W - Hi falls, so Lo only falls; as Lo falls, -Lo - W rises. Lo is the shortest walk of an even
        // number of edges, Hi minus the shortest of an odd number.
        var result = ProgramRunner.Run(run, graph.Declarations("W") + """
            Lo[0] = 0.0
            Lo[y] min= (W[x, y] - Hi[x]) Edge(x, y)
            Hi[y] max= (0.0 - Lo[x] - W[x, y]) Edge(x, y)
            Lo?
            Hi?
            """);
        Assert.Equal("", result.Diagnostics);
        var (even, odd) = ShortestByParity(graph);
        AnswerAssert.Equivalent(RandomGraph.Answer("Lo?", even) + "\n" + RandomGraph.Answer("Hi?", odd.Select(d => -d)), result.Text, 0);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_recursion_the_delta_form_does_not_cover_is_swept_to_the_same_answer(string seed, string engine)
    {
        var graph = RandomGraph.Make(int.Parse(seed, CultureInfo.InvariantCulture));
        var run = EngineMatrix.Get(engine);
        // One[x] is 1, but the compiler cannot know its sign, so it cannot know which way the product moves.
        var result = ProgramRunner.Run(run, graph.Declarations("Cost") + $"""
            One = {Vector(Enumerable.Repeat(1.0, graph.Nodes))}
            Dist[0] = 0.0
            Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y) One[x]
            Dist?
            """);
        Assert.Equal("", result.Diagnostics);
        AnswerAssert.Equivalent(RandomGraph.Answer("Dist?", graph.Shortest(0)), result.Text, 0);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void A_negative_cycle_stops_at_the_iteration_limit_with_a_warning(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // 1 → 2 → 1 costs 1 - 3 = -2 per turn: Dist[1] and Dist[2] fall forever.
        var result = ProgramRunner.Run(run, """
            Edge(0, 1)
            Edge(1, 2)
            Edge(2, 1)
            W : real[3, 3]
            W = [[0, 1, 0], [0, 0, 1], [0, -3, 0]]
            Dist[0] = 0.0
            Dist[y] min= (Dist[x] + W[x, y]) Edge(x, y)
            Dist?
            """, new EvaluationOptions { MaxIterations = 40, AllowPartial = true });
        Assert.Contains("warning TL5006: 'Dist' did not converge within 40 iterations; the last values are used", result.Diagnostics);
        var data = System.Text.Json.JsonDocument.Parse(result.Answers.Single()).RootElement.GetProperty("data");
        Assert.Equal(0, data[0].GetDouble());
        Assert.True(data[1].GetDouble() < -20, result.Text);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void A_summed_equation_joined_with_a_relation_leaves_the_cells_it_does_not_reach_of_a_min_tensor(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // D's first equation reaches only D[1] (7), its second every cell: D = min(H, 7 at 1). Unreached cells keep
        // min='s identity, so they must not take a 0 from the first; no recursion is needed to see it.
        var json = ProgramRunner.Json(run, """
            Edge : bool[3, 3]
            Edge(0, 1)
            C : real[3, 3]
            C = [[0, 7, 0], [0, 0, 0], [0, 0, 0]]
            H = [50, 60, 70]
            D[y] = C[x, y] Edge(x, y)
            D[y] min= H[y]
            D?
            """);
        AnswerAssert.Equivalent("""{"query":"D?","shape":[3],"data":[50,7,70]}""", json, 0);
    }

    /// <summary>The shortest walks from 0 with an even and with an odd number of edges, by relaxation over (node, parity).</summary>
    private static (double[] Even, double[] Odd) ShortestByParity(RandomGraph graph)
    {
        var even = Enumerable.Repeat(double.PositiveInfinity, graph.Nodes).ToArray();
        var odd = Enumerable.Repeat(double.PositiveInfinity, graph.Nodes).ToArray();
        even[0] = 0;
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (from, to, weight) in graph.Edges)
            {
                if (odd[from] + weight < even[to])
                {
                    even[to] = odd[from] + weight;
                    changed = true;
                }
                if (even[from] + weight < odd[to])
                {
                    odd[to] = even[from] + weight;
                    changed = true;
                }
            }
        }
        return (even, odd);
    }

    private static string Vector(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
