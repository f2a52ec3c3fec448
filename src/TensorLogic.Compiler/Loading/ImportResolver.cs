namespace TensorLogic.Compiler.Loading;

/// <summary>
/// Finds the file an import names. <c>std/…</c> is the standard library: the <c>stdlib/</c> folder shipped
/// beside tlc first, so that a program always gets the library of the tlc that runs it, then the folders of
/// <c>TL_PATH</c>, then the importing file's folder. Any other path is looked up beside the importing file
/// first, then in the folders of the search path.
/// </summary>
internal sealed class ImportResolver(IReadOnlyList<string> searchPath, string stdlibFolder)
{
    public const string StdlibPrefix = "std/";

    public static bool IsStdlib(string path) => path.StartsWith(StdlibPrefix, StringComparison.Ordinal);

    /// <summary>The path of the file, relative to the working directory as diagnostics show it, or null.</summary>
    public string? Resolve(string path, string fromPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(fromPath)) ?? ".";
        IEnumerable<string> roots = IsStdlib(path) ? [stdlibFolder, .. searchPath, folder] : [folder, .. searchPath];
        foreach (var root in roots)
        {
            var candidate = Path.Combine(root, path);
            if (File.Exists(candidate))
                return Path.GetRelativePath(Directory.GetCurrentDirectory(), candidate);
        }
        return null;
    }

    public static string NotFoundHelp(string path) => IsStdlib(path)
        ? "std/ modules are looked up in the stdlib folder beside tlc, then in the folders of TL_PATH, then beside the importing file"
        : "imports are looked up beside the importing file, then in the folders of TL_PATH";
}
