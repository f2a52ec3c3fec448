using System.Globalization;
using System.Text;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Backends.Cpu.Tests.Attention;

/// <summary>
/// One attention head group as a program, the transformer's lines with a mask of the test's choosing:
/// X, the projections and the positions are random literals, and X is declared an input of the session, so
/// that nothing is folded into a constant and the engines' attention kernels run at evaluation.
/// </summary>
internal sealed class AttentionProgram
{
    private readonly string _text;

    /// <summary>Attention as the transformer writes it: the softmax weights, and the weighted sum of the values.</summary>
    public const string Attention = """
        Comp[h, p, q.] = softmax(Before(q, p) Query[h, p, dk] Key[h, q, dk] / sqrt(Dk))
        Attn[h, p, dv] = Comp[h, p, q] Val[h, q, dv]
        """;

    /// <param name="mask">Rules and facts defining <c>Before(q, p)</c>, the mask of the scores.</param>
    /// <param name="equations">What is computed from Query, Key and Val.</param>
    public AttentionProgram(string mask, int heads, int positions, int depth, int width, int seed = 1, string equations = Attention)
    {
        (Heads, Positions, Width) = (heads, positions, width);
        var random = new Random(seed);
        var d = 6;
        var text = new StringBuilder();
        text.Append($"Pos : bool[{positions}]\n");
        for (var p = 0; p < positions; p++)
            text.Append($"Pos({p})\n");
        text.Append($"X = {Literal(random, positions, d)}\n");
        text.Append($"WQ = {Literal(random, heads, depth, d)}\nWK = {Literal(random, heads, depth, d)}\nWV = {Literal(random, heads, width, d)}\n");
        text.Append($"Dk = {depth}\n{mask}\n");
        text.Append("""
            Query[h, p, dk] = WQ[h, dk, d] X[p, d]
            Key[h, p, dk] = WK[h, dk, d] X[p, d]
            Val[h, p, dv] = WV[h, dv, d] X[p, d]

            """);
        text.Append(equations).Append('\n');
        _text = text.ToString();
    }

    public int Heads { get; }

    public int Positions { get; }

    public int Width { get; }

    /// <summary>The values of the tensors named, in order, flattened row-major, and the session's profile.</summary>
    public (double[][] Values, IReadOnlyList<EquationProfile> Profile) Run(IEngine engine, params string[] tensors)
    {
        var compiled = Compilation.Compile([new SourceText(_text + string.Join("\n", tensors.Select(t => t + "?")), "attention.tl")], new DataFileReader());
        var bound = compiled.Bound ?? throw new InvalidOperationException(DiagnosticFormatter.Format(compiled.Diagnostics));
        using var session = new Session(bound, engine, new EvaluationOptions(), inputs: [bound.FindTensor("X")!]);
        var values = tensors.Select(name =>
        {
            var value = session.Evaluate(bound.FindTensor(name)!);
            var shape = value.Shape;
            var count = shape.Aggregate(1, (a, s) => a * s);
            var cell = new int[shape.Length];
            return Enumerable.Range(0, count).Select(i =>
            {
                var rest = i;
                for (var a = shape.Length - 1; a >= 0; a--)
                {
                    cell[a] = rest % shape[a];
                    rest /= shape[a];
                }
                return value.Get(cell);
            }).ToArray();
        }).ToArray();
        Assert.Equal("", DiagnosticFormatter.Format(session.Diagnostics.ToSortedArray()));
        return (values, session.Profile);
    }

    /// <summary>A nested literal of random values in (-1, 1), three decimals.</summary>
    private static string Literal(Random random, params int[] shape)
    {
        if (shape.Length == 1)
            return "[" + string.Join(", ", Enumerable.Range(0, shape[0]).Select(_ => (Math.Round(random.NextDouble() * 2 - 1, 3)).ToString(CultureInfo.InvariantCulture))) + "]";
        return "[" + string.Join(", ", Enumerable.Range(0, shape[0]).Select(_ => Literal(random, shape[1..]))) + "]";
    }
}
