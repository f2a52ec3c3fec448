using System.Diagnostics;
using System.Text.Json.Nodes;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Bench;

public sealed record RunSettings(string EngineName, int Threads, int Warmup, int Repetitions, bool Naive);

/// <summary>
/// Times one case through the whole pipeline, phase by phase, and checks its result against NumPy's.
/// Every repetition starts from the program text: (a) parse + check, which includes reading the data
/// files, as binding infers sizes and symbols from them; (b) plan, i.e. constructing the Session, which
/// builds the tensor store and lets the engine compile the program; (c) execute, i.e. Session.Evaluate of
/// the result tensor. A fresh Session per repetition means nothing computed or compiled is reused.
/// </summary>
public static class CaseRunner
{
    public static JsonObject Run(BenchCase benchCase, string folder, RunSettings settings)
    {
        var programPath = Path.Combine(folder, "program.tl");
        var source = File.ReadAllText(programPath);
        var engine = Engines.Create(settings.EngineName, settings.Threads);
        var parse = new List<double>();
        var plan = new List<double>();
        var execute = new List<double>();
        double[]? result = null;
        int[]? shape = null;
        IReadOnlyList<KernelDecline> declines = [];
        for (var rep = -settings.Warmup; rep < settings.Repetitions; rep++)
        {
            // Collect now, so that one repetition's garbage is not charged to the next.
            GC.Collect();
            GC.WaitForPendingFinalizers();

            var start = Stopwatch.GetTimestamp();
            var compilation = Compilation.Compile([new SourceText(source, programPath)], new DataFileReader());
            var checkedAt = Stopwatch.GetTimestamp();
            if (compilation.HasErrors)
                throw new BenchFailure($"{benchCase.Name}: the program does not check:\n{string.Join("\n", compilation.Diagnostics)}");
            var bound = compilation.Bound!;
            var tensor = bound.FindTensor(benchCase.Result)
                ?? throw new BenchFailure($"{benchCase.Name}: the program has no tensor '{benchCase.Result}'");

            var planStart = Stopwatch.GetTimestamp();
            using var session = new Session(bound, engine, new EvaluationOptions());
            var planned = Stopwatch.GetTimestamp();
            // Reading and converting the data allocated a lot; collect it before the computation is timed.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var computeStart = Stopwatch.GetTimestamp();
            var value = session.Evaluate(tensor);
            var executed = Stopwatch.GetTimestamp();
            if (session.Diagnostics.HasErrors)
                throw new BenchFailure($"{benchCase.Name}: evaluation failed:\n{string.Join("\n", session.Diagnostics)}");

            if (rep >= 0)
            {
                parse.Add(Milliseconds(start, checkedAt));
                plan.Add(Milliseconds(planStart, planned));
                execute.Add(Milliseconds(computeStart, executed));
            }
            if (rep == settings.Repetitions - 1)
                (result, shape, declines) = (Dense(value), [.. value.Shape], session.Declines);
        }

        var best = execute.Min();
        var line = new JsonObject
        {
            ["case"] = benchCase.Name,
            ["peer"] = "tensorlogic",
            ["engine"] = engine.Name,
            ["threads"] = settings.Threads,
            ["description"] = benchCase.Description,
            ["flops"] = benchCase.Flops,
            ["gemmLike"] = benchCase.GemmLike,
            ["warmup"] = settings.Warmup,
            ["reps"] = settings.Repetitions,
            ["parseCheckMs"] = Summary(parse),
            ["planMs"] = Summary(plan),
            ["executeMs"] = Summary(execute),
            ["gflops"] = benchCase.Flops / best / 1e6,
            ["check"] = Check(folder, result!, shape!),
        };
        // An equation the engine declined ran on the reference provider: a time is only the engine's without them.
        if (declines.Count > 0)
            line["declined"] = new JsonArray([.. declines.Select(d => (JsonNode)$"{d.Equation.Text}: {d.Reason}")]);
        WriteResult(folder, engine.Name, result!, shape!);
        if (settings.Naive && benchCase.Naive is { } naive)
            line["naive"] = TimeNaive(naive, benchCase, folder, settings, best);
        return line;
    }

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    public static JsonObject Summary(IReadOnlyList<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new JsonObject { ["best"] = Round(sorted[0]), ["median"] = Round(median) };
    }

    private static double Round(double milliseconds) => Math.Round(milliseconds, 4);

    /// <summary>The value as a dense row-major array (a copy: the session gives its buffers back when disposed); a relation becomes 0/1.</summary>
    private static double[] Dense(TensorValue value) => [.. value.ToDouble().Data];

    /// <summary>
    /// Compares with numpy.npy, NumPy's float32 result on the same input files (written by peers.py).
    /// The relative error is ‖ours − NumPy‖₂ / ‖NumPy‖₂; float32 rounding puts it near 1e-6, so 1e-3 is a
    /// generous bound that still catches a wrong semantics.
    /// </summary>
    private static JsonObject Check(string folder, double[] ours, int[] shape)
    {
        var path = Path.Combine(folder, "numpy.npy");
        // Two checksums: the plain sum is near 0 for layer-normalized rows, the absolute one never is.
        var check = new JsonObject { ["against"] = "numpy", ["sum"] = ours.Sum(), ["sumAbs"] = ours.Sum(Math.Abs) };
        if (!File.Exists(path))
        {
            check["status"] = "no numpy.npy (run bench/peers/peers.py on this folder first)";
            return check;
        }
        var expected = ReadNpy(path);
        if (!expected.Shape.SequenceEqual(shape))
        {
            check["status"] = $"shape mismatch: ours [{string.Join(", ", shape)}], NumPy's [{string.Join(", ", expected.Shape)}]";
            check["ok"] = false;
            return check;
        }
        var error = RelativeError(ours, expected.Values);
        check["relError"] = error;
        check["ok"] = error <= 1e-3;
        check["status"] = error <= 1e-3 ? "ok" : "MISMATCH";
        return check;
    }

    public static double RelativeError(double[] ours, double[] expected)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            difference += (ours[i] - expected[i]) * (ours[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return norm == 0 ? Math.Sqrt(difference) : Math.Sqrt(difference / norm);
    }

    public static DenseContent ReadNpy(string path)
    {
        var diagnostics = new DiagnosticBag();
        using var stream = File.OpenRead(path);
        return NpyFormat.Read(stream, path, null, diagnostics)
            ?? throw new BenchFailure($"cannot read '{path}':\n{string.Join("\n", diagnostics)}");
    }

    /// <summary>Our result beside the inputs, for a closer look when a check fails.</summary>
    private static void WriteResult(string folder, string engine, double[] values, int[] shape)
    {
        using var stream = File.Create(Path.Combine(folder, $"result-{engine}.npy"));
        NpyFormat.Write(stream, shape, values, DenseElementKind.Real);
    }

    private static JsonObject TimeNaive(NaiveLoop naive, BenchCase benchCase, string folder, RunSettings settings, double engineBest)
    {
        var inputs = benchCase.Inputs.OfType<DenseInput>()
            .ToDictionary(i => i.Tensor, i => ReadNpy(Path.Combine(folder, i.FileName)).Values);
        var times = new List<double>();
        double[] result = [];
        for (var rep = -settings.Warmup; rep < settings.Repetitions; rep++)
        {
            var start = Stopwatch.GetTimestamp();
            result = naive(inputs);
            if (rep >= 0)
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var numpy = Path.Combine(folder, "numpy.npy");
        return new JsonObject
        {
            ["what"] = "one C# loop nest over all indices, double, 1 thread",
            ["ms"] = Summary(times),
            ["engineSpeedup"] = times.Min() / engineBest,
            ["relError"] = File.Exists(numpy) ? RelativeError(result, ReadNpy(numpy).Values) : null,
        };
    }
}

public sealed class BenchFailure(string message) : Exception(message);
