namespace TensorLogic.Testing;

/// <summary>
/// Paths in the source checkout, for tests that read fixtures or check the repository itself. Found from
/// the test binary's folder rather than the working directory, which test runners set differently.
/// </summary>
public static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds TensorLogic.sln.</summary>
    public static string Root => LazyRoot.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TensorLogic.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} contains TensorLogic.sln");
    }
}
