using System.Collections.Immutable;
using System.Globalization;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Data;

/// <summary>
/// How the fields of a table's lines are found; a table keeps its numbers as values, so the text of one
/// (for a message, or when a domain turns out to hold symbols) is read again from its line.
/// </summary>
public interface IFieldSyntax
{
    /// <summary>The text of field <paramref name="field"/> of a line that was read as a row.</summary>
    string FieldText(ReadOnlySpan<char> line, int field);
}

/// <summary>
/// A <c>.tsv</c> or <c>.csv</c> file: one tuple per line. For a Boolean tensor every line is a fact; for a
/// real tensor the last field is the value. Fields are stored by column (<see cref="TableColumn"/>), symbols
/// once each in <see cref="Symbols"/>. <see cref="Lines"/> gives each row's 1-based line number, and
/// <see cref="Source"/> the file's text, so a bad field is reported as file:line:col with its line.
/// </summary>
public sealed record TableContent : DataContent
{
    public TableContent(string path, SourceText source, IFieldSyntax syntax, ImmutableArray<int> lines,
        ImmutableArray<TableColumn> columns, ImmutableArray<string> symbols) : base(path)
    {
        if (columns.Any(c => c.Count != lines.Length))
            throw new ArgumentException("every column has one field per row", nameof(columns));
        if (lines.Length > 0 && columns.IsEmpty)
            throw new ArgumentException("rows have at least one field", nameof(columns));
        Source = source;
        Syntax = syntax;
        Lines = lines;
        Columns = columns;
        Symbols = symbols;
    }

    public SourceText Source { get; }

    public IFieldSyntax Syntax { get; }

    public ImmutableArray<TableColumn> Columns { get; }

    /// <summary>The distinct symbol texts, numbered by <see cref="TableColumn.Symbol"/>.</summary>
    public ImmutableArray<string> Symbols { get; }

    public int RowCount => Lines.Length;

    /// <summary>Fields per row: every row has as many as the first.</summary>
    public int ColumnCount => Columns.Length;

    /// <summary>Each row's 1-based line number in <see cref="Source"/>.</summary>
    public ImmutableArray<int> Lines { get; }

    /// <summary>The text of a row's line, without its line break.</summary>
    public ReadOnlySpan<char> LineText(int row)
    {
        var line = Lines[row] - 1;
        var start = Source.GetLineStart(line);
        var end = line + 1 < Source.LineCount ? Source.GetLineStart(line + 1) : Source.Text.Length;
        while (end > start && Source.Text[end - 1] is '\n' or '\r')
            end--;
        return Source.Text.AsSpan(start, end - start);
    }

    /// <summary>A field's text as written (a quoted field without its quotes).</summary>
    public string Text(int row, int column)
    {
        var cells = Columns[column];
        if (cells.Kind(row) == CellKind.Symbol)
            return Symbols[cells.Symbol(row)];
        if (cells.IsPlainInteger(row))
            return cells.Integer(row).ToString(CultureInfo.InvariantCulture);
        return Syntax.FieldText(LineText(row), column);
    }

    public DataCell Cell(int row, int column)
    {
        var cells = Columns[column];
        return cells.Kind(row) switch
        {
            CellKind.Integer => new DataCell(Text(row, column), cells.Integer(row), null),
            CellKind.Number => new DataCell(Text(row, column), null, cells.Number(row)),
            _ => new DataCell(Text(row, column), null, null),
        };
    }

    /// <summary>The table of the given rows, in that order (the first examples of a training set, say).</summary>
    public TableContent Select(IReadOnlyList<int> rows) =>
        new(Path, Source, Syntax, [.. rows.Select(r => Lines[r])], [.. Columns.Select(c => c.Select(rows))], Symbols);
}
