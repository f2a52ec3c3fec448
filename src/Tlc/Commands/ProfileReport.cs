using System.Globalization;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Execution;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>--profile</c>: the time of each phase, then each equation with its line, kernel kind, work, time and
/// achieved speed, slowest first, so a user sees where a program spends its time; and the memory the process
/// allocated and held, which a program that creates garbage on every iteration shows there first.
/// </summary>
internal static class ProfileReport
{
    public static void Write(TextWriter writer, TimeSpan parse, TimeSpan check, TimeSpan plan, TimeSpan run, Session session)
    {
        writer.Write("profile\n");
        writer.Write($"  parse {Milliseconds(parse)}   check {Milliseconds(check)}   plan {Milliseconds(plan)}   execute {Milliseconds(run)}\n");
        writer.Write($"  {Memory()}\n");
        foreach (var summary in session.EngineSummaries)
            writer.Write($"  {summary}\n");
        var rows = session.Profile.OrderByDescending(p => p.Time).ToList();
        if (rows.Count == 0)
            return;
        // A device engine's kernels time themselves on the device; the wall time adds launches and copies.
        var device = rows.Any(r => r.DeviceTime is not null);
        var deviceHeader = device ? $" {"device",10}" : "";
        writer.Write($"  {"line",-6} {"engine",-10} {"kernel",-22} {"calls",6} {"work",12} {"time",10}{deviceHeader} {"GFLOP/s",8}  equation\n");
        foreach (var row in rows)
        {
            var line = $"{row.Location.Start.Line}";
            // Kernels without arithmetic to count (relational joins) show no work and no speed.
            var speed = row.Flops > 0 ? row.GigaflopsPerSecond.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            var work = row.Flops > 0 ? IrPrinter.Flops(row.Flops) : "-";
            // A declined equation ran on the reference: marked here, and the reason is warning TL4002.
            var engine = row.Declined is null ? row.Provider : row.Provider + "*";
            var deviceTime = !device ? "" : row.DeviceTime is { } time ? $" {Milliseconds(time),10}" : $" {"-",10}";
            writer.Write($"  {line,-6} {engine,-10} {Trim(row.Kernel, 22),-22} {row.Calls,6} {work,12} {Milliseconds(row.Time),10}{deviceTime} {speed,8}  {Trim(row.Text, 60)}\n");
        }
        if (rows.Any(r => r.Declined is not null))
            writer.Write("  * declined by the engine, computed by the provider shown (see warning TL4002)\n");
    }

    private static string Memory()
    {
        var collections = $"gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}";
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return $"memory: {Megabytes(GC.GetTotalAllocatedBytes())} allocated, collections {collections}; "
            + $"peak resident {Megabytes(process.PeakWorkingSet64)}";
    }

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    private static string Trim(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
