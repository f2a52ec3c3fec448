using System.Text;

namespace TensorLogic.Tlc.Repl;

/// <summary>
/// The lines typed in earlier sessions, one per line of a text file in the user's data directory
/// (<c>$XDG_DATA_HOME/tensorlogic/history</c>, by default <c>~/.local/share/tensorlogic/history</c>;
/// <c>%LOCALAPPDATA%\tensorlogic\history</c> on Windows). Each line is appended as soon as it is entered, so a
/// session that is killed keeps what it had; the file keeps the newest <see cref="Limit"/> lines.
/// </summary>
internal sealed class ReplHistory(string path)
{
    public const int Limit = 1000;

    // Without a byte order mark: the file is plain lines, for grep and for other tools to read.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string Path { get; } = path;

    public static string DefaultPath()
    {
        // On Unix .NET maps LocalApplicationData to $XDG_DATA_HOME, or ~/.local/share when it is unset.
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return System.IO.Path.Combine(data, "tensorlogic", "history");
    }

    /// <summary>The saved lines, oldest first; none when there is no file or it cannot be read.</summary>
    public IReadOnlyList<string> Load()
    {
        try
        {
            if (!File.Exists(Path))
                return [];
            var lines = File.ReadAllLines(Path, Utf8).Where(l => l.Length > 0).ToList();
            if (lines.Count > Limit)
            {
                lines = lines[^Limit..];
                File.WriteAllLines(Path, lines, Utf8);
            }
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Appends a line; history is a convenience, so a read-only home only loses it, never the session.</summary>
    public void Append(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.AppendAllText(Path, line.ReplaceLineEndings(" ") + "\n", Utf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
