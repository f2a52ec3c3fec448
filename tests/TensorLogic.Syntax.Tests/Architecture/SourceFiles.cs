using TensorLogic.Testing;

namespace TensorLogic.Syntax.Tests.Architecture;

/// <summary>The C# files of src/, without the build outputs (obj/ holds generated copies of attributes).</summary>
internal static class SourceFiles
{
    public static IEnumerable<string> Enumerate() =>
        Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(Repository.PathOf("src"), path)
                .Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
                .Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);
}
