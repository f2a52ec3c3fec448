using System.Globalization;
using System.Text;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Writes rows of text fields as a .tsv or .csv file that <see cref="DataFileReader"/> reads back as the
/// same fields: one row per line, "\n" line ends, UTF-8 without a byte-order mark. A Boolean relation is
/// written one fact per line; a sparse real tensor as its indices followed by the value
/// (<see cref="FormatNumber"/>). No header line is written, since the reader has none.
/// </summary>
public static class TableWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A value as it round-trips: shortest exact form, invariant culture (e.g. 0.1, -2.5E-05, NaN).</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Why <paramref name="row"/> cannot be written in <paramref name="format"/>, or null if it can. The
    /// reader is line-based, so no field may hold a line break; a .tsv file has no quoting, so its fields
    /// also cannot hold a tab, be empty, have whitespace at either end (the reader trims it) or, first on a
    /// line, start with '#'. Blanks inside a .tsv field are fine: only tabs separate fields.
    /// </summary>
    public static string? Check(IReadOnlyList<string> row, DataFileFormat format)
    {
        for (var i = 0; i < row.Count; i++)
        {
            var field = row[i];
            if (field.AsSpan().IndexOfAny('\n', '\r') >= 0)
                return $"field {Shown(field)} holds a line break";
            if (format != DataFileFormat.Tsv)
                continue;
            if (field.Contains('\t'))
                return $"field {Shown(field)} holds a tab, which a .tsv file cannot hold";
            if (field.Length == 0 || field.Trim().Length != field.Length)
                return $"field {Shown(field)} is empty or has whitespace at an end, which a .tsv file cannot hold";
            if (i == 0 && field.StartsWith('#'))
                return $"field {Shown(field)} starts with '#', which would make the line a comment";
        }
        return null;
    }

    // A raw tab or line break in a diagnostic would be invisible or break the message over lines.
    private static string Shown(string field) =>
        "'" + field.Replace("\t", "\\t").Replace("\r", "\\r").Replace("\n", "\\n") + "'";

    /// <summary>
    /// Writes <paramref name="rows"/> to <paramref name="stream"/> (left open). <paramref name="format"/>
    /// is Tsv or Csv; a row that <see cref="Check"/> refuses is a bug of the caller and throws.
    /// </summary>
    public static void Write(Stream stream, IEnumerable<IReadOnlyList<string>> rows, DataFileFormat format)
    {
        if (format is not (DataFileFormat.Tsv or DataFileFormat.Csv))
            throw new ArgumentException($"{format} is not a table format", nameof(format));
        using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var separator = format == DataFileFormat.Tsv ? "\t" : ",";
        foreach (var row in rows)
        {
            if (Check(row, format) is { } problem)
                throw new ArgumentException($"cannot write row: {problem}", nameof(rows));
            for (var i = 0; i < row.Count; i++)
            {
                if (i > 0)
                    writer.Write(separator);
                writer.Write(format == DataFileFormat.Csv ? CsvField(row[i], first: i == 0) : row[i]);
            }
            writer.WriteLine();
        }
    }

    // Quotes exactly the fields the reader would otherwise split, trim, reject or take for a comment.
    private static string CsvField(string field, bool first)
    {
        var needsQuotes = field.Length == 0
            || field.AsSpan().IndexOfAny(',', '"') >= 0
            || field.Trim().Length != field.Length
            || (first && field.StartsWith('#'));
        return needsQuotes ? $"\"{field.Replace("\"", "\"\"")}\"" : field;
    }
}
