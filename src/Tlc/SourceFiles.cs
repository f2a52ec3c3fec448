using System.Collections.Immutable;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Tlc;

/// <summary>
/// Reads the FILE arguments of a verb. A file that cannot be read is the user's input problem, not a crash:
/// it becomes a TL5009 diagnostic with a short reason and no stack trace.
/// </summary>
internal static class SourceFiles
{
    /// <summary>The file's text under the path exactly as the user wrote it (diagnostics repeat that path), or a TL5009 diagnostic.</summary>
    public static SourceText? Read(string path, out Diagnostic? failure)
    {
        failure = null;
        try
        {
            if (Directory.Exists(path))
            {
                failure = CannotRead(path, "it is a directory");
                return null;
            }
            return new SourceText(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            failure = CannotRead(path, Reason(e));
            return null;
        }
    }

    private static Diagnostic CannotRead(string path, string reason) =>
        new(Catalog.CannotReadInput, null, $"cannot read '{path}': {reason}", null, ImmutableArray<DiagnosticNote>.Empty);

    // The framework's messages repeat the full path ("Could not find file '/home/...'"); say only what went wrong.
    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such directory",
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long",
        ArgumentException or NotSupportedException => "not a valid path",
        _ => e.Message,
    };
}
