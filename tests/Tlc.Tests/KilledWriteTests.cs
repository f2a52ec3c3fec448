using System.Diagnostics;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// A <c>tlc run</c> killed (SIGKILL, no chance to clean up) while it writes an output file loses no data: the
/// file it was replacing is left whole, and no partial file appears under a visible name. This needs a real
/// process, the <c>tlc</c> built beside these tests.
/// </summary>
public sealed class KilledWriteTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Killing_tlc_while_it_writes_leaves_the_old_file_whole()
    {
        var tlc = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "tlc.exe" : "tlc");
        if (!File.Exists(tlc))
            return; // the apphost is not built on every platform; the write path is the same everywhere
        // 2000 x 2000 float64: a 32 MB file, long enough to write that the kill lands while it is written.
        var program = _folder.Write("big.tl", "Y : real[2000, 2000]\nY[i, j] = i + j\n\"out.npy\" = Y\n");
        var old = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var output = Path.Combine(_folder.Path, "out.npy");
        File.WriteAllBytes(output, old);

        using var process = Process.Start(new ProcessStartInfo(tlc, ["run", program])
        {
            WorkingDirectory = _folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var killedMidWrite = KillWhenTemporaryFileAppears(process, TimeSpan.FromSeconds(120));
        process.WaitForExit();

        // The old file, or (when the rename beat the kill) the whole new one: 128 bytes of header, 4M doubles.
        var now = File.ReadAllBytes(output);
        Assert.True(now.SequenceEqual(old) || now.Length == 32_000_128,
            $"killed {(killedMidWrite ? "while writing" : "after it finished")}, out.npy has {now.Length} bytes");
        var visible = Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order();
        Assert.Equal(["big.tl", "out.npy"], visible);
    }

    /// <summary>
    /// Kills the process as soon as its hidden temporary file is created (inotify on Linux reports it within
    /// a fraction of the write's time); false if the process finished first.
    /// </summary>
    private bool KillWhenTemporaryFileAppears(Process process, TimeSpan timeout)
    {
        var killed = new ManualResetEventSlim();
        using var watcher = new FileSystemWatcher(_folder.Path, ".out.npy.*.tmp");
        watcher.Created += (_, _) =>
        {
            try
            {
                process.Kill(); // SIGKILL on Unix: no finally block, no cleanup runs
                killed.Set();
            }
            catch (InvalidOperationException)
            {
                // It had already exited.
            }
        };
        watcher.EnableRaisingEvents = true;
        var finished = process.WaitForExit(timeout);
        if (!finished)
            process.Kill();
        return killed.IsSet;
    }
}
