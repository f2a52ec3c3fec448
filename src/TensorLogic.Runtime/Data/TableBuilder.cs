using System.Collections.Immutable;
using TensorLogic.Compiler.Data;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Gathers the rows of a table into columns of values, classifying each field from its span of the line:
/// no string is made for a number, and a symbol's string only the first time it appears.
/// </summary>
internal sealed class TableBuilder
{
    private readonly int _capacity;
    private readonly ImmutableArray<int>.Builder _lines;
    private readonly List<string> _symbols = [];
    private readonly Dictionary<string, int> _symbolIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _symbolsBySpan;
    private TableColumnBuilder[]? _columns;

    /// <param name="capacity">How many rows to expect; more are fine.</param>
    public TableBuilder(int capacity)
    {
        _capacity = capacity;
        _lines = ImmutableArray.CreateBuilder<int>(capacity);
        _symbolsBySpan = _symbolIds.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Adds a row that was split without error and has as many fields as the first.</summary>
    public void Add(ReadOnlySpan<char> line, ReadOnlySpan<RawField> fields, int lineNumber)
    {
        _columns ??= [.. Enumerable.Range(0, fields.Length).Select(_ => new TableColumnBuilder(_capacity))];
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            var column = _columns[i];
            // A quoted field is always a symbol: quoting is how a file says that "007" is a name, not a number.
            if (field.Quoted)
            {
                column.AddSymbol(field.DoubledQuotes ? Intern(field.Text(line)) : Intern(field.Content(line)));
                continue;
            }
            var text = field.Content(line);
            var cell = DataCellParser.Classify(text);
            switch (cell.Kind)
            {
                case CellKind.Integer:
                    column.AddInteger(cell.Integer, cell.PlainInteger);
                    break;
                case CellKind.Number:
                    column.AddNumber(cell.Number);
                    break;
                default:
                    column.AddSymbol(Intern(text));
                    break;
            }
        }
        _lines.Add(lineNumber);
    }

    public TableContent Build(SourceText source, FieldSplitter syntax) =>
        new(source.Path, source, syntax, _lines.DrainToImmutable(),
            _columns is null ? [] : [.. _columns.Select(c => c.Build())], [.. _symbols]);

    private int Intern(ReadOnlySpan<char> text)
    {
        if (_symbolsBySpan.TryGetValue(text, out var id))
            return id;
        return Intern(text.ToString());
    }

    private int Intern(string text)
    {
        if (_symbolIds.TryGetValue(text, out var id))
            return id;
        id = _symbols.Count;
        _symbols.Add(text);
        _symbolIds.Add(text, id);
        return id;
    }
}
