using System.Diagnostics;
using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Bench;

/// <summary>
/// Parse + check + plan of each example (Compilation.Compile with its data, then the engine's setup), best
/// of several runs in this warm process, as a Markdown table.
/// </summary>
public static class ExampleCompileTimes
{
    public static int Print(string engineName, int threads, int repetitions)
    {
        var folder = FindExamples();
        Console.WriteLine("| example | parse+check ms | plan ms | total ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var path in Directory.GetFiles(folder, "*.tl").Order(StringComparer.Ordinal))
        {
            var best = (Check: double.MaxValue, Plan: double.MaxValue, Total: double.MaxValue);
            for (var rep = 0; rep <= repetitions; rep++)
            {
                var start = Stopwatch.GetTimestamp();
                var compiled = Compilation.Compile([new SourceText(File.ReadAllText(path), path)], new DataFileReader());
                var checkedAt = Stopwatch.GetTimestamp();
                using var session = new Session(compiled.Bound!, Engines.Create(engineName, threads), new EvaluationOptions());
                var planned = Stopwatch.GetTimestamp();
                var (check, plan) = (Stopwatch.GetElapsedTime(start, checkedAt).TotalMilliseconds, Stopwatch.GetElapsedTime(checkedAt, planned).TotalMilliseconds);
                // The first run warms the JIT; the best of the others is reported.
                if (rep > 0 && check + plan < best.Total)
                    best = (check, plan, check + plan);
            }
            Console.WriteLine($"| {Path.GetFileName(path)} | {best.Check:F2} | {best.Plan:F2} | {best.Total:F2} |");
        }
        return 0;
    }

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TensorLogic.sln")))
                return Path.Combine(dir.FullName, "examples");
        }
        throw new DirectoryNotFoundException("examples/ (no TensorLogic.sln above the harness)");
    }
}
