namespace TensorLogic.Runtime.Data;

/// <summary>The file formats the runtime reads and writes, chosen by the file's extension.</summary>
public enum DataFileFormat
{
    /// <summary>A NumPy array, e.g. <c>W.npy</c>: a dense tensor of any rank.</summary>
    Npy,

    /// <summary>One tuple per line, fields separated by tabs only, so that symbols may hold blanks.</summary>
    Tsv,

    /// <summary>One tuple per line, fields separated by commas, optionally in double quotes (RFC 4180).</summary>
    Csv,

    /// <summary>Plain text split into words, e.g. "Alice loves Bob".</summary>
    Txt,
}

public static class DataFileFormats
{
    /// <summary>The list shown when a program names a file of another kind.</summary>
    public const string SupportedList =
        "supported formats are .npy (NumPy arrays), .tsv and .csv (one tuple per line) and .txt (words)";

    /// <summary>The format of <paramref name="path"/> by its extension, ignoring case; null if unknown.</summary>
    public static DataFileFormat? FromPath(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".npy" => DataFileFormat.Npy,
            ".tsv" => DataFileFormat.Tsv,
            ".csv" => DataFileFormat.Csv,
            ".txt" => DataFileFormat.Txt,
            _ => null,
        };
}
