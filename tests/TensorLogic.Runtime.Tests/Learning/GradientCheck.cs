using System.Collections.Immutable;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Differentiation;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Learning;

/// <summary>
/// Checks a gradient program against central finite differences of the loss: the gradient equations run
/// on the engine under test, the differences on the reference engine in float64, both at the same random
/// point. Independent of how the gradient was derived, so a wrong rule cannot agree with itself.
/// </summary>
internal static class GradientCheck
{
    public sealed record Outcome(string GradientText, IReadOnlyDictionary<string, double[]> Analytic, IReadOnlyDictionary<string, double[]> Numeric);

    /// <param name="tolerance">Relative error allowed: |a − n| ≤ tolerance · max(|a|, |n|) + tolerance · 1e-3.</param>
    public static Outcome Verify(string program, string loss, string[] wrt, string engine, double tolerance,
        GradientOptions? options = null, int seed = 7, string? dataFolder = null)
    {
        var source = new SourceText(program, dataFolder is null ? "test.tl" : Path.Combine(dataFolder, "test.tl"));
        var bound = Check([source]);
        var diagnostics = new DiagnosticBag();
        var gradients = GradientCompiler.Compile(bound, bound.FindTensor(loss)!, [.. wrt.Select(n => bound.FindTensor(n)!)], options ?? new GradientOptions(), diagnostics)
            ?? throw new InvalidOperationException("no gradient program:\n" + DiagnosticFormatter.Format(diagnostics.ToSortedArray()));
        var combined = Check([source, new SourceText(gradients.Text, "gradients.tl")], gradients.Text);

        var random = new Random(seed);
        var point = wrt.ToDictionary(n => n, n => Enumerable.Range(0, Size(bound.FindTensor(n)!)).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray());

        var analytic = new Dictionary<string, double[]>();
        using (var session = new Session(combined, EngineMatrix.Get(engine).Engine, new EvaluationOptions { StrictEngine = true }))
        {
            Place(session, combined, point);
            foreach (var (tensor, gradient) in gradients.Gradients)
                analytic[tensor.Name] = Values(session.Evaluate(combined.FindTensor(gradient)!));
        }

        var numeric = new Dictionary<string, double[]>();
        using (var session = new Session(bound, ReferenceEngine.Instance, new EvaluationOptions()))
        {
            var lossTensor = bound.FindTensor(loss)!;
            foreach (var name in wrt)
            {
                var values = point[name];
                var result = new double[values.Length];
                Array.Fill(result, double.NaN);
                foreach (var i in Sample(values.Length, random))
                {
                    var original = values[i];
                    var h = 1e-5 * Math.Max(1, Math.Abs(original));
                    values[i] = original + h;
                    Place(session, bound, point);
                    var plus = Values(session.Evaluate(lossTensor))[0];
                    values[i] = original - h;
                    Place(session, bound, point);
                    var minus = Values(session.Evaluate(lossTensor))[0];
                    values[i] = original;
                    result[i] = (plus - minus) / (2 * h);
                }
                numeric[name] = result;
            }
        }

        foreach (var name in wrt)
        {
            for (var i = 0; i < numeric[name].Length; i++)
            {
                double a = analytic[name][i], n = numeric[name][i];
                if (double.IsNaN(n))
                    continue;
                var allowed = tolerance * Math.Max(Math.Abs(a), Math.Abs(n)) + tolerance * 1e-3;
                Assert.True(Math.Abs(a - n) <= allowed,
                    $"d{loss}/d{name}[{i}]: gradient program gives {a:R}, finite differences {n:R}\n{gradients.Text}");
            }
        }
        return new Outcome(gradients.Text, analytic, numeric);
    }

    /// <summary>Finite differences cost two runs per element: large tensors are checked at a random sample of elements.</summary>
    private static IEnumerable<int> Sample(int count, Random random) =>
        count <= MaxElements ? Enumerable.Range(0, count) : Enumerable.Range(0, count).OrderBy(_ => random.Next()).Take(MaxElements).Order();

    private const int MaxElements = 10;

    public static BoundProgram Check(IEnumerable<SourceText> sources, string? shown = null)
    {
        var compiled = Compilation.Compile(sources, new DataFileReader());
        if (compiled.HasErrors || compiled.Bound is null)
            throw new InvalidOperationException("does not check:\n" + DiagnosticFormatter.Format(compiled.Diagnostics) + "\n" + shown);
        return compiled.Bound;
    }

    private static void Place(Session session, BoundProgram program, Dictionary<string, double[]> point)
    {
        foreach (var (name, values) in point)
        {
            var tensor = program.FindTensor(name)!;
            session.SetData(tensor, new DenseTensor<double>(tensor.Shape, [.. values]));
        }
    }

    private static int Size(TensorSymbol tensor) => tensor.Shape.Aggregate(1, (a, s) => a * s);

    private static double[] Values(TensorValue value)
    {
        var dense = value.ToDouble();
        return [.. dense.Data.Take(dense.Shape.Aggregate(1, (a, s) => a * s))];
    }
}
