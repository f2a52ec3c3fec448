namespace TensorLogic.Tlc;

/// <summary>
/// Replaces a file's contents so that readers see either the old text or the new, never a half-written
/// file: the text goes to a temporary file in the same folder (same file system, so the move is a
/// rename), which then replaces the original.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
