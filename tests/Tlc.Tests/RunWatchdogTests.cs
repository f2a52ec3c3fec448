using System.Diagnostics;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// <c>--timeout</c> holds even inside a step that cannot be interrupted: a GPU kernel runs to its end once
/// launched, so <c>tlc run</c> ends its own process a grace period after the limit (RunWatchdog). This needs a
/// real process, the <c>tlc</c> built beside these tests: in a test host the watchdog never acts.
/// </summary>
public sealed class RunWatchdogTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_kernel_that_outlives_the_time_limit_ends_the_process_with_TL5013()
    {
        var tlc = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "tlc.exe" : "tlc");
        Assert.True(File.Exists(tlc), "needs the tlc apphost beside the tests");
        // 46,000² ≈ 2.1·10⁹ bindings in one launch of the loop-term kernel on ILGPU's CPU accelerator: minutes of
        // work that checks no clock. With --timeout 5 (set-up under load can take a second or two, and a limit
        // reached before the launch is the ordinary TL5013) the watchdog stops it 5 s after the limit.
        var program = _folder.Write("long.tl", "X : real[46000]\nY : real[46000]\nX[i] = 1\nY[i] max= X[i+j] X[j]\nY[0]?\n");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(tlc, ["run", program, "--engine", "gpu-cpu", "--timeout", "5"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var ended = process.WaitForExit(TimeSpan.FromSeconds(60));
        if (!ended)
            process.Kill();
        Assert.True(ended, "tlc ran past its time limit for a minute");
        Assert.Equal(1, process.ExitCode);
        Assert.Equal(
            "tlc: error TL5013: the run took longer than the time limit of 5 s and was still running 5 s later, inside a step that cannot be interrupted (a GPU kernel); the process was stopped\n",
            await stderr);
        Assert.InRange(clock.Elapsed.TotalSeconds, 10, 60);
    }
}
