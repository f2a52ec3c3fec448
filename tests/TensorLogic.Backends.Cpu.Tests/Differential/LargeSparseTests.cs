using System.Text;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Cpu.Tests.Differential;

/// <summary>
/// A relation large enough for the sparse gather to split the result between threads (the per-test
/// programs elsewhere stay under that size): GNN aggregation over 3,000 random edges, against the reference.
/// </summary>
public class LargeSparseTests
{
    [Fact]
    public void Parallel_gather_agrees_with_the_reference()
    {
        var random = new Random(7);
        var text = new StringBuilder("Neig : bool[Node, Node]\n");
        var edges = new HashSet<(int, int)>();
        while (edges.Count < 3000)
            edges.Add((random.Next(400), random.Next(400)));
        foreach (var (a, b) in edges)
            text.Append($"Neig({a}, {b})\n");
        var values = Enumerable.Range(0, 400 * 64).Select(_ => Math.Round(random.NextDouble() - 0.5, 6)).ToArray();
        var rows = Enumerable.Range(0, 400).Select(r => "[" + string.Join(", ", values.Skip(r * 64).Take(64).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]");
        text.Append($"Z = [{string.Join(",\n", rows)}]\nAgg[n, d] = Neig(n, m) Z[m, d]\nAgg?\n");
        var compiled = Compilation.Compile([new SourceText(text.ToString(), "gnn.tl")], new DataFileReader());
        var bound = compiled.Bound!;
        var agg = bound.FindTensor("Agg")!;
        double[] Run(IEngine engine)
        {
            var session = new Session(bound, engine, new EvaluationOptions());
            var result = session.Evaluate(agg);
            return [.. Enumerable.Range(0, 400 * 64).Select(i => result.Get([i / 64, i % 64]))];
        }

        var expected = Run(EngineMatrix.Get("reference").Engine);
        var actual = Run(EngineMatrix.Get("cpu-f64").Engine);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected[i])), $"element {i}: {expected[i]} vs {actual[i]}");
    }
}
