using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TensorLogic.Compiler.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Turns the text of a .tsv or .csv file into columns of classified fields. Blank lines and lines whose first
/// non-blank character is '#' are skipped. There is no header detection: a first line of column names is
/// read as a row of symbols, so a file with a header should comment it out ("# person, city").
/// Every row must have as many fields as the first. Bad rows are reported at their line of the data file.
/// </summary>
internal static class TableParser
{
    // A file with a systematic problem (wrong separator, say) would otherwise bury the output.
    internal const int MaxReportedRows = 10;

    public static TableContent? Parse(SourceText source, DataFileFormat format, DiagnosticBag diagnostics)
    {
        var splitter = format == DataFileFormat.Csv ? FieldSplitter.Csv : FieldSplitter.Tsv;
        var table = new TableBuilder(ExpectedRows(source));
        var fields = new List<RawField>();
        (int Line, int Count)? first = null;
        var badRows = 0;
        for (var line = 0; line < source.LineCount; line++)
        {
            var text = LineText(source, line);
            if (IsBlankOrComment(text))
                continue;
            fields.Clear();
            var problem = splitter.TrySplit(text, fields, out var error) ? CheckFields(fields) : error;
            DiagnosticNote? note = null;
            if (problem is null && first is { } f && fields.Count != f.Count)
            {
                problem = new LineError($"row has {Fields(fields.Count)}, but the first row has {f.Count}", 0, text.Length,
                    format == DataFileFormat.Tsv ? TabHelp(source, fields.Count < f.Count ? line : f.Line, line) : null);
                note = new DiagnosticNote(LineLocation(source, f.Line), $"the first row, with {Fields(f.Count)}");
            }
            if (problem is { } p)
            {
                if (!ReportBadRow(source, line, p, note, ++badRows, diagnostics))
                    break;
                continue;
            }
            first ??= (line, fields.Count);
            // After a bad row there is no table to build, only the remaining rows to check.
            if (badRows == 0)
                table.Add(text, CollectionsMarshal.AsSpan(fields), line + 1);
        }
        return badRows > 0 ? null : table.Build(source, splitter);
    }

    /// <summary>The line count, less the empty line after a final line break: the rows of a file of data only.</summary>
    private static int ExpectedRows(SourceText source) =>
        source.Text.Length > 0 && source.Text[^1] is '\n' or '\r' ? source.LineCount - 1 : source.LineCount;

    /// <summary>A line without its line break, as <see cref="SourceText.GetLineText"/> gives it, but without a copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<char> LineText(SourceText source, int line)
    {
        var start = source.GetLineStart(line);
        var end = line + 1 < source.LineCount ? source.GetLineStart(line + 1) : source.Text.Length;
        while (end > start && source.Text[end - 1] is '\n' or '\r')
            end--;
        return source.Text.AsSpan(start, end - start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBlankOrComment(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        return trimmed.IsEmpty || trimmed[0] == '#';
    }

    // An empty field has no value to give: in a tab-separated file it is usually a doubled tab.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static LineError? CheckFields(List<RawField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i] is { Quoted: false, Length: 0 } empty)
                return new LineError($"field {i + 1} is empty", empty.Start, 0);
        }
        return null;
    }

    /// <summary>Reports one bad row; false once too many were reported and the rest should go unchecked.</summary>
    private static bool ReportBadRow(
        SourceText source, int line, LineError error, DiagnosticNote? note, int count, DiagnosticBag diagnostics)
    {
        var start = source.GetLineStart(line) + error.Start;
        var location = new SourceLocation(source, new TextSpan(start, error.Length));
        if (count > MaxReportedRows)
        {
            diagnostics.Report(Catalog.MalformedData, location,
                $"too many malformed rows in '{source.Path}'; the rest of the file is not checked");
            return false;
        }
        var notes = note is { } n ? new[] { n } : [];
        diagnostics.Report(Catalog.MalformedData, location, error.Message, error.Help, notes);
        return true;
    }

    // A row short of fields whose line has blanks but no tab was most likely separated with spaces, by hand
    // or by an editor that expands tabs; spaces used to separate fields when a file had no tab, so say so
    // rather than leave the user to count columns.
    private static string? TabHelp(SourceText source, int shortLine, int reportedLine)
    {
        var text = source.GetLineText(shortLine).Trim();
        if (text.Contains('\t') || !text.Contains(' '))
            return null;
        var which = shortLine == reportedLine ? "this row" : "the first row";
        return $"{which} has no tab: the fields of a .tsv file are separated by tabs only, not by spaces";
    }

    private static SourceLocation LineLocation(SourceText source, int line) =>
        new(source, new TextSpan(source.GetLineStart(line), source.GetLineText(line).Length));

    private static string Fields(int count) => count == 1 ? "1 field" : $"{count} fields";
}
