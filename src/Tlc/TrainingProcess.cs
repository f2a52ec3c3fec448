using System.Diagnostics;
using System.Reflection;

namespace TensorLogic.Tlc;

/// <summary>
/// <c>tlc train</c> runs again in a child process with tiered compilation off. A training run calls the same
/// few hundred methods thousands of times; with tiering on they stay in their first, unoptimized or
/// ReadyToRun form for much of a short run (the runtime promotes them only after 100 ms without new
/// compilations, which a training run's first epochs rarely allow). Off, every method compiled is compiled
/// fully optimized once. On an idle machine the digits MLP then takes 2.8 ms an epoch instead of 6 ms and the
/// copying transformer 0.09 s instead of 0.15–0.18 s; a one-shot <c>tlc run</c> would instead pay up to 40 ms
/// more start-up, which is why only <c>train</c> does this. The setting is the runtime's own variable, so the
/// child is the same tlc, and a caller who sets the variable (to anything) keeps it and gets no child.
/// </summary>
internal static class TrainingProcess
{
    private const string Tiering = "DOTNET_TieredCompilation";

    /// <summary>The child's exit code when this invocation was handed to one, or null to run here.</summary>
    public static int? RunInChild(string[] args)
    {
        if (args.Length == 0 || args[0] != "train" || Environment.GetEnvironmentVariable(Tiering) is not null
            || Assembly.GetEntryAssembly()?.GetName().Name != "tlc" || Environment.ProcessPath is not { } process)
            return null;
        var start = new ProcessStartInfo(process) { UseShellExecute = false };
        // `dotnet tlc.dll train …`: the host needs the assembly again.
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        start.Environment[Tiering] = "0";
        // Ctrl-C reaches the child too (same terminal, same process group); it stops training and saves.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        try
        {
            using var child = Process.Start(start)!;
            child.WaitForExit();
            return child.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
