using System.Collections.Immutable;
using TensorLogic.Compiler.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Turns the text of a .tsv or .csv file into rows of classified cells. Blank lines and lines whose first
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
        var rows = ImmutableArray.CreateBuilder<ImmutableArray<DataCell>>();
        var lines = ImmutableArray.CreateBuilder<int>();
        var fields = new List<RawField>();
        (int Line, int Count)? first = null;
        var badRows = 0;
        for (var line = 0; line < source.LineCount; line++)
        {
            var text = source.GetLineText(line);
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
            rows.Add([.. fields.Select(Classify)]);
            lines.Add(line + 1);
        }
        return badRows > 0 ? null : new TableContent(source.Path, rows.ToImmutable(), lines.ToImmutable(), source);
    }

    private static bool IsBlankOrComment(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        return trimmed.IsEmpty || trimmed[0] == '#';
    }

    // An empty field has no value to give: in a tab-separated file it is usually a doubled tab.
    private static LineError? CheckFields(List<RawField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i] is { Quoted: false, Length: 0 } empty)
                return new LineError($"field {i + 1} is empty", empty.Start, 0);
        }
        return null;
    }

    // A quoted field is always a symbol: quoting is how a file says that "007" is a name, not a number.
    private static DataCell Classify(RawField field) =>
        field.Quoted ? DataCellParser.Symbol(field.Text) : DataCellParser.Classify(field.Text);

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
