// The TensorLogic benchmark harness. bench/run.sh drives it; run by hand:
//   dotnet run -c Release --project bench/TensorLogic.Bench -- list [--quick]
//   dotnet run -c Release --project bench/TensorLogic.Bench -- prepare [--dir DIR] [--quick] [--case NAME]
//   dotnet run -c Release --project bench/TensorLogic.Bench -- check [--dir DIR] [--quick] [--case NAME]
//   dotnet run -c Release --project bench/TensorLogic.Bench -- run [--dir DIR] [--engine cpu] [--threads 2]
//       [--warmup 1] [--reps 5] [--quick] [--case NAME] [--no-naive]
//   dotnet run -c Release --project bench/TensorLogic.Bench -- peak [--threads 2]
// `prepare` writes each case's program, inputs and case.json; `check` also parses and checks each program
// (no evaluation, so it is quick at full size); `run` writes what is missing, then times
// each case and prints one JSON line per case on stdout (progress and errors go to stderr), after a first line
// with the machine's measured float32 peak on those threads (PeakFlops.cs; CPU suite only); `peak` prints that
// line alone.
//   dotnet run -c Release --project bench/TensorLogic.Bench -- examples [--engine cpu] [--reps 5]
//   dotnet run -c Release --project bench/TensorLogic.Bench -- differential [--engine cuda] [--against cpu] [--root .] [--tolerance 1e-4]
//   dotnet run -c Release --project bench/TensorLogic.Bench -- tlc ARGS...
// --suite gpu (with list, prepare, check, run) takes the GPU suite's cases (GpuCases.cs) instead of the CPU suite's.
// `differential` runs the differential test's programs on two engines (for a machine without .NET, bench/gpu);
// `tlc` is tlc itself, carried inside the harness so that one self-contained executable has everything.
// --case takes a name (matmul-512), a family (matmul) or a comma-separated list of either.
// `examples` times parse + check + plan of every program in examples/ (the target is under 50 ms each).
using System.Text.Json;
using TensorLogic.Bench;

if (args.Length > 0 && args[0] == "tlc")
    return TlcVerb.Run(args[1..]);
try
{
    var options = Options.Parse(args);
    var cases = Select(Suite(options.Suite, options.Quick), options.Case);
    var dir = Path.GetFullPath(options.Dir ?? Path.Combine(Path.GetTempPath(), "tensorlogic-bench",
        (options.Suite == "cpu" ? "" : options.Suite + "-") + (options.Quick ? "quick" : "full")));
    switch (options.Command)
    {
        case "list":
            foreach (var c in cases)
                Console.WriteLine($"{c.Name,-18}{c.Flops,14:E3} flops  {c.Description}");
            return 0;
        case "prepare":
            foreach (var c in cases)
                Console.Error.WriteLine($"prepared {CaseWriter.Write(c, dir, Order(c, options))}");
            return 0;
        case "check":
            return CheckAll(cases, dir, options);
        case "run":
            return RunAll(cases, dir, options);
        case "peak":
            Console.WriteLine(PeakFlops.Measure(options.Threads).ToJsonString());
            return 0;
        case "examples":
            return ExampleCompileTimes.Print(options.Engine, options.Threads, Math.Max(options.Repetitions, 1));
        case "differential":
            return Differential.Run(Path.GetFullPath(options.Root), options.Engine, options.Against, options.Tolerance, options.Threads);
        default:
            throw new UsageException($"unknown command '{options.Command}'");
    }
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}\nusage: TensorLogic.Bench list|prepare|check|run|peak [--suite cpu|gpu] [--dir DIR] [--engine NAME] [--threads N] [--warmup N] [--reps N] [--quick] [--case NAME] [--no-naive]\n       TensorLogic.Bench differential [--engine NAME] [--against NAME] [--root DIR] [--tolerance X] | examples | tlc ARGS...");
    return 2;
}
catch (EngineUnavailableException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 3;
}

static int RunAll(IReadOnlyList<BenchCase> cases, string dir, Options options)
{
    var settings = new RunSettings(options.Engine, options.Threads, options.Warmup, options.Repetitions, options.Naive);
    Engines.Create(settings.EngineName, settings.Threads);  // fail before writing anything if the engine is missing
    // Measured first, while nothing of ours is running, on as many threads as the cases get. Only for the CPU
    // suite: the GPU suite's engines are not bounded by the CPU's FMA units, and its report reads case lines only.
    if (options.Suite == "cpu")
    {
        Console.Error.WriteLine($"measuring the float32 peak on {settings.Threads} threads ...");
        Console.WriteLine(PeakFlops.Measure(settings.Threads).ToJsonString());
    }
    var failures = 0;
    foreach (var c in cases)
    {
        var folder = CaseWriter.Write(c, dir, Order(c, options));
        Console.Error.WriteLine($"running {c.Name} ({c.Description}) on {settings.EngineName}, {settings.Threads} threads ...");
        try
        {
            var line = CaseRunner.Run(c, folder, settings);
            Console.WriteLine(line.ToJsonString());
            if (line["check"]?["ok"]?.GetValue<bool>() == false)
            {
                Console.Error.WriteLine($"  {c.Name}: result differs from NumPy's: {line["check"]}");
                failures++;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One failing case (a diagnostic, or an engine that throws) must not hide the others' numbers.
            Console.Error.WriteLine($"  FAILED: {(e is BenchFailure ? e.Message : e.ToString())}");
            Console.WriteLine(JsonSerializer.Serialize(new { @case = c.Name, peer = "tensorlogic", engine = settings.EngineName, error = e is BenchFailure ? e.Message : $"{e.GetType().Name}: {e.Message}" }));
            failures++;
        }
    }
    return failures == 0 ? 0 : 1;
}

// Parses and checks every program at its benchmark size without running it: cheap even at full size.
static int CheckAll(IReadOnlyList<BenchCase> cases, string dir, Options options)
{
    var failures = 0;
    foreach (var c in cases)
    {
        var folder = CaseWriter.Write(c, dir, Order(c, options));
        var path = Path.Combine(folder, "program.tl");
        var compilation = TensorLogic.Compiler.Compilation.Compile(
            [TensorLogic.Syntax.Text.SourceText.FromFile(path)], new TensorLogic.Runtime.Data.DataFileReader());
        var result = compilation.Bound?.FindTensor(c.Result);
        var ok = !compilation.HasErrors && result is not null;
        failures += ok ? 0 : 1;
        var shape = result is null ? "?" : string.Join("×", result.Domains.Select(d => d.Size));
        Console.WriteLine($"{(ok ? "ok" : "FAILED"),-7}{c.Name,-18}{c.Result}: {shape}");
        foreach (var diagnostic in compilation.Diagnostics)
            Console.WriteLine($"       {diagnostic}");
    }
    return failures == 0 ? 0 : 1;
}

// A case's position in the full list, so that peers.py and the report keep one order in both modes.
static int Order(BenchCase c, Options options) => Suite(options.Suite, options.Quick).Select(x => x.Name).ToList().IndexOf(c.Name);

static IReadOnlyList<BenchCase> Suite(string suite, bool quick) => suite switch
{
    "cpu" => quick ? Cases.Quick : Cases.Full,
    "gpu" => quick ? GpuCases.Quick : GpuCases.Full,
    _ => throw new UsageException($"unknown suite '{suite}'; known: cpu, gpu"),
};

static List<BenchCase> Select(IReadOnlyList<BenchCase> cases, string? pattern)
{
    if (pattern is null)
        return [.. cases];
    var names = pattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var chosen = cases.Where(c => names.Any(n => c.Name == n || c.Kind == n || c.Name.StartsWith(n + "-", StringComparison.Ordinal))).ToList();
    if (chosen.Count == 0)
        throw new UsageException($"no case matches '{pattern}'; cases: {string.Join(", ", cases.Select(c => c.Name))}");
    return chosen;
}

namespace TensorLogic.Bench
{
    internal sealed class UsageException(string message) : Exception(message);

    internal sealed record Options(
        string Command, string? Dir, string Engine, int Threads, int Warmup, int Repetitions, bool Quick, string? Case, bool Naive)
    {
        public string Suite { get; init; } = "cpu";

        public string Root { get; init; } = ".";

        public string Against { get; init; } = "cpu";

        public double Tolerance { get; init; } = 1e-4;

        public static Options Parse(string[] args)
        {
            if (args.Length == 0)
                throw new UsageException("no command");
            var options = new Options(args[0], null, "cpu", 2, 1, 5, false, null, true);
            for (var i = 1; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
                int Count(int min) => int.TryParse(Value(), out var n) && n >= min ? n : throw new UsageException($"{args[i - 1]} needs a whole number ≥ {min}");
                options = args[i] switch
                {
                    "--dir" => options with { Dir = Value() },
                    "--engine" => options with { Engine = Value() },
                    "--threads" => options with { Threads = Count(1) },
                    "--warmup" => options with { Warmup = Count(0) },
                    "--reps" => options with { Repetitions = Count(1) },
                    "--quick" => options with { Quick = true },
                    "--case" => options with { Case = Value() },
                    "--no-naive" => options with { Naive = false },
                    "--suite" => options with { Suite = Value() },
                    "--root" => options with { Root = Value() },
                    "--against" => options with { Against = Value() },
                    "--tolerance" => options with { Tolerance = double.TryParse(Value(), System.Globalization.CultureInfo.InvariantCulture, out var x) && x > 0 ? x : throw new UsageException("--tolerance needs a positive number") },
                    _ => throw new UsageException($"unknown option '{args[i]}'"),
                };
            }
            return options;
        }
    }
}
