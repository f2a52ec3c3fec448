using System.Runtime.CompilerServices;
using TensorLogic.Compiler.Data;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// One field of a table line, before it is classified; offsets are relative to the line. A quoted field's
/// span includes its quotes; <see cref="DoubledQuotes"/> says whether its text has "" for a quote.
/// </summary>
internal readonly record struct RawField(int Start, int Length, bool Quoted, bool DoubledQuotes = false)
{
    /// <summary>The field's characters as they stand in the line, without the quotes of a quoted field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<char> Content(ReadOnlySpan<char> line) =>
        Quoted ? line.Slice(Start + 1, Length - 2) : line.Slice(Start, Length);

    /// <summary>The field's text: the content, with "" read as one quote.</summary>
    public string Text(ReadOnlySpan<char> line) =>
        DoubledQuotes ? Content(line).ToString().Replace("\"\"", "\"") : Content(line).ToString();
}

/// <summary>Why a line cannot be split, and where in the line.</summary>
internal readonly record struct LineError(string Message, int Start, int Length, string? Help = null);

/// <summary>
/// Splits one line of a table into fields. A record never spans lines, so a quoted CSV field that is
/// still open at the end of its line is an error (RFC 4180 allows line breaks inside quotes; we do not, so
/// that every row has one line number to report). Splitting only finds where fields are; it makes no strings.
/// </summary>
internal abstract class FieldSplitter : IFieldSyntax
{
    public static readonly FieldSplitter Csv = new CsvSplitter();

    public static readonly FieldSplitter Tsv = new TabSplitter();

    /// <summary>Appends the fields of <paramref name="line"/> to <paramref name="fields"/>; false on a malformed line.</summary>
    public abstract bool TrySplit(ReadOnlySpan<char> line, List<RawField> fields, out LineError error);

    public string FieldText(ReadOnlySpan<char> line, int field)
    {
        var fields = new List<RawField>();
        if (!TrySplit(line, fields, out var error) || field >= fields.Count)
            throw new ArgumentException($"the line has no field {field + 1}: {error.Message}", nameof(field));
        return fields[field].Text(line);
    }

    /// <summary>
    /// Only a tab separates .tsv fields, so a symbol may hold blanks ("Roberta Sr."). Splitting on spaces
    /// when a file had no tab used to cut such symbols apart depending on what else was in the file.
    /// Blanks around a field are not part of it: .tsv has no quoting that would make them visible, and
    /// hand-written files pad with them to line columns up.
    /// </summary>
    private sealed class TabSplitter : FieldSplitter
    {
        public override bool TrySplit(ReadOnlySpan<char> line, List<RawField> fields, out LineError error)
        {
            error = default;
            // Trailing whitespace (often a stray tab) would otherwise make an empty last field.
            var end = line.TrimEnd().Length;
            var start = 0;
            while (true)
            {
                var tab = line[start..end].IndexOf('\t');
                var fieldEnd = tab < 0 ? end : start + tab;
                fields.Add(Trimmed(line, start, fieldEnd));
                if (tab < 0)
                    return true;
                start = fieldEnd + 1;
            }
        }
    }

    /// <summary>
    /// Comma-separated fields, quoted as in RFC 4180 except that a record stays on one line. Whitespace
    /// around an unquoted field is not part of it (hand-written files say "Alice, Bob"), whitespace inside
    /// it is ("New York"); a field in double quotes keeps everything between them, with "" for a quote.
    /// A quote inside an unquoted field is an ordinary character, as in most CSV readers.
    /// </summary>
    private sealed class CsvSplitter : FieldSplitter
    {
        public override bool TrySplit(ReadOnlySpan<char> line, List<RawField> fields, out LineError error)
        {
            var i = 0;
            while (true)
            {
                i = SkipWhitespace(line, i);
                if (i < line.Length && line[i] == '"')
                {
                    if (!TryReadQuoted(line, ref i, fields, out error))
                        return false;
                }
                else
                {
                    var comma = line[i..].IndexOf(',');
                    var end = comma < 0 ? line.Length : i + comma;
                    fields.Add(Trimmed(line, i, end));
                    i = end;
                }
                if (i == line.Length)
                {
                    error = default;
                    return true;
                }
                i++; // the comma
            }
        }

        // On success i is at the comma after the field or at the end of the line.
        private static bool TryReadQuoted(ReadOnlySpan<char> line, ref int i, List<RawField> fields, out LineError error)
        {
            var open = i;
            var doubled = false;
            i++;
            while (true)
            {
                var quote = line[i..].IndexOf('"');
                if (quote < 0)
                {
                    error = new LineError("unterminated quoted field", open, line.Length - open);
                    return false;
                }
                i += quote;
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    doubled = true;
                    i += 2;
                    continue;
                }
                break;
            }
            fields.Add(new RawField(open, i + 1 - open, Quoted: true, doubled));
            i = SkipWhitespace(line, i + 1);
            if (i < line.Length && line[i] != ',')
            {
                error = new LineError($"unexpected '{line[i]}' after a closing quote", i, 1);
                return false;
            }
            error = default;
            return true;
        }

        private static int SkipWhitespace(ReadOnlySpan<char> line, int i)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
                i++;
            return i;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RawField Trimmed(ReadOnlySpan<char> line, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(line[start]))
            start++;
        while (end > start && char.IsWhiteSpace(line[end - 1]))
            end--;
        return new RawField(start, end - start, Quoted: false);
    }
}
