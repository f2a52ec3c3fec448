using System.Globalization;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// The last resort behind <c>--timeout</c>. Kernels stop themselves at the limit, but a GPU kernel, once
/// launched, runs to its end (the device cannot be interrupted), and so may a library call: the run would then
/// outlive its limit. When the run is still going a grace period after the limit, the watchdog reports TL5013
/// and ends the process. Output files are safe: they are written to a temporary file and renamed, so a stopped
/// run leaves none half-written. It acts only when <c>tlc</c> owns its process (<see cref="Armed"/>), never
/// inside a test host or a program that embeds the commands.
/// </summary>
internal static class RunWatchdog
{
    /// <summary>Set by the entry point: the process is tlc's to end.</summary>
    public static bool Armed { get; set; }

    /// <summary>Watches a run with the time limit <paramref name="limit"/> until the result is disposed.</summary>
    public static IDisposable? Watch(TimeSpan? limit, TextWriter stderr)
    {
        if (!Armed || limit is not { } timeout)
            return null;
        var grace = TimeSpan.FromSeconds(Math.Max(5, timeout.TotalSeconds / 10));
        var due = timeout + grace;
        // A Timer's due time is at most about 49 days; --timeout is capped below that.
        return new Timer(_ => Stop(stderr, timeout, grace), null, due, System.Threading.Timeout.InfiniteTimeSpan);
    }

    private static void Stop(TextWriter stderr, TimeSpan timeout, TimeSpan grace)
    {
        var seconds = (double s) => s.ToString("0.###", CultureInfo.InvariantCulture);
        stderr.Write($"tlc: error {Catalog.TimeLimitReached.Id}: the run took longer than the time limit of {seconds(timeout.TotalSeconds)} s " +
            $"and was still running {seconds(grace.TotalSeconds)} s later, inside a step that cannot be interrupted (a GPU kernel); the process was stopped\n");
        stderr.Flush();
        Environment.Exit(ExitCodes.ProgramErrors);
    }
}
