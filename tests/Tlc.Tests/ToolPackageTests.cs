using System.Diagnostics;
using System.IO.Compression;
using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// The .NET tool package (README, "Install tlc as a .NET tool") holds tlc and, beside it, the standard library
/// that <c>std/</c> imports look for. Packing the build the tests already made (<c>--no-build</c>) takes
/// seconds; tools/pack-tool.sh checks the slow rest of the path (a Release pack, install, run).
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    // A Release pack compiles tlc into folders of its own (see Tlc.csproj), which --no-build cannot find, so the
    // test packs the Debug build; tools/pack-tool.sh covers the Release package.
#if DEBUG
    private const string? SkipInRelease = null;
#else
    private const string? SkipInRelease = "packs the Debug build only; tools/pack-tool.sh checks the Release package";
#endif
    private const string ToolFolder = "tools/net10.0/any/";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact(Skip = SkipInRelease)]
    public void The_package_holds_the_tool_and_the_stdlib_beside_it()
    {
        using var package = ZipFile.OpenRead(Pack());
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains(ToolFolder + "tlc.dll", entries);
        Assert.Contains(ToolFolder + "tlc.runtimeconfig.json", entries);
        Assert.Contains(ToolFolder + "TensorLogic.Backends.Cpu.dll", entries);
        var settings = Read(package, ToolFolder + "DotnetToolSettings.xml");
        Assert.Contains("<Command Name=\"tlc\" EntryPoint=\"tlc.dll\" Runner=\"dotnet\" />", settings);
        Assert.Contains("<packageType name=\"DotnetTool\" />", Read(package, "tlc.nuspec"));
        foreach (var module in Directory.GetFiles(Repository.PathOf("stdlib", "std"), "*.tl"))
            Assert.Equal(File.ReadAllText(module), Read(package, ToolFolder + "stdlib/std/" + Path.GetFileName(module)));
        // The stdlib is the tool's, not content for the projects of whoever installs it.
        Assert.DoesNotContain(entries, e => e.StartsWith("content", StringComparison.Ordinal));
    }

    /// <summary>Runs <c>dotnet pack --no-build</c> on the tlc this test run built; returns the .nupkg's path.</summary>
    private string Pack()
    {
        var output = Path.Combine(_folder.Path, "artifacts");
        // The publish step of pack goes to the scratch folder too, not into the shared bin folder.
        var start = new ProcessStartInfo("dotnet",
            ["pack", Repository.PathOf("src", "Tlc"), "-c", "Debug", "--no-build", "--nologo", "-o", output,
             $"-p:PublishDir={Path.Combine(_folder.Path, "publish")}/"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet pack exited with {process.ExitCode}:\n{log.Result}\n{errors}");
        return Assert.Single(Directory.GetFiles(output, "tlc.*.nupkg"));
    }

    private static string Read(ZipArchive package, string entry)
    {
        using var reader = new StreamReader(package.GetEntry(entry)?.Open() ?? throw new Xunit.Sdk.XunitException($"no {entry} in the package"));
        return reader.ReadToEnd();
    }
}
