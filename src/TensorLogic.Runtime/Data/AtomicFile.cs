using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file beside the target, which is renamed
/// over the target only when complete. A failed or interrupted write therefore leaves the old file as it
/// was, never half of a new one; the rename is atomic where the file system makes it so (a rename within
/// one folder on POSIX and NTFS).
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> with <paramref name="write"/>. I/O failures are reported as TL5005 at
    /// <paramref name="at"/> and give false. Other exceptions from <paramref name="write"/> are bugs and
    /// propagate, after the temporary file is removed.
    /// </summary>
    public static bool Write(string path, Action<Stream> write, SourceLocation? at, DiagnosticBag diagnostics)
    {
        var target = Path.GetFullPath(path);
        // Same folder, so the rename never crosses file systems; hidden and unique, so concurrent writers
        // of one target do not collide and a leftover after a crash is recognisable.
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(Catalog.WriteFailed, at, $"cannot write '{path}': {Reason(e, path, temp)}");
            return false;
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    // The temporary name means nothing to the user, so messages that mention it speak of the target.
    private static string Reason(Exception e, string path, string temp) => e switch
    {
        _ when Directory.Exists(path) => "it is a folder, not a file",
        DirectoryNotFoundException => $"the folder '{Folder(path)}' does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message.Replace(temp, path),
    };

    private static string Folder(string path) =>
        Path.GetDirectoryName(path) is { Length: > 0 } folder ? folder : Path.GetDirectoryName(Path.GetFullPath(path))!;

    private static void DeleteQuietly(string temp)
    {
        try
        {
            File.Delete(temp); // does nothing when the rename already took it
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the write itself has already succeeded or been reported.
        }
    }
}
