using TensorLogic.Compiler.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Semantics;

// Tables (.tsv, .csv) in passes 4 and 7: their fields as evidence for domains, then as the tensor's tuples.
// Both walk the columns of values that the reader made; a field's text is made only where it is needed.
public sealed partial class Binder
{
    /// <summary>
    /// A table's index fields as evidence for the domains of its tensor's positions. Domains use a symbol's
    /// first appearance (symbols are numbered in that order) and a position's last symbol (symbols too many
    /// for a declared size are reported there), so only those are passed on; of integers, the largest, and
    /// the fields themselves only if the domain turns out to hold symbols. A million rows over a thousand
    /// nodes thus give a handful of entries. Fields are numbered row by row as if each were passed on.
    /// </summary>
    private void CollectTable(TensorInfo info, TableContent table)
    {
        var rank = info.Rank;
        var first = _order;
        _order += (long)table.RowCount * rank;
        var largest = new (long Value, int Row)[rank];
        for (var p = 0; p < rank; p++)
            largest[p] = CollectColumn(info.Positions[p], table, p, first, rank);
        // In the order the largest integers appear, so that a domain shared by several positions keeps the first.
        foreach (var p in Enumerable.Range(0, rank).Where(p => largest[p].Row >= 0).OrderBy(p => (long)largest[p].Row * rank + p))
        {
            info.Positions[p].AddDataIntegers(largest[p].Value, DataLocation(table, largest[p].Row, p),
                () => IntegerFields(table, p, first, rank));
        }
        if (info.Symbol.IsBoolean)
            return;
        var values = table.Columns[^1];
        for (var row = 0; row < table.RowCount; row++)
        {
            if (values.Kind(row) == CellKind.Symbol)
            {
                _diagnostics.Report(Catalog.MalformedData, DataLocation(table, row, table.ColumnCount - 1),
                    $"the last field of each line is the value of '{info.Name}', but '{table.Text(row, table.ColumnCount - 1)}' is not a number");
            }
        }
    }

    /// <summary>
    /// Passes a column's symbols to its position's domain and reports fields that are not indices; returns
    /// the largest index integer and the first row that holds it (-1 when there is none).
    /// </summary>
    private (long Value, int Row) CollectColumn(DomainNode position, TableContent table, int p, long first, int rank)
    {
        var column = table.Columns[p];
        var seen = new FirstAppearances(table.RowCount, table.Symbols.Length);
        (long Value, int Row) largest = (-1, -1);
        (int Row, bool IsFirst) lastSymbol = (-1, false);
        for (var row = 0; row < table.RowCount; row++)
        {
            switch (column.Kind(row))
            {
                case CellKind.Integer when column.Integer(row) >= 0:
                    if (column.Integer(row) > largest.Value)
                        largest = (column.Integer(row), row);
                    break;
                case CellKind.Integer or CellKind.Number:
                    _diagnostics.Report(Catalog.MalformedData, DataLocation(table, row, p),
                        $"'{table.Text(row, p)}' is not an index: index fields hold symbols or non-negative integers");
                    break;
                default:
                    var isFirst = seen.Symbol(column.Symbol(row));
                    if (isFirst)
                        position.AddSymbol(first + (long)row * rank + p, table.Text(row, p), DataLocation(table, row, p));
                    lastSymbol = (row, isFirst);
                    break;
            }
        }
        if (lastSymbol is { Row: >= 0, IsFirst: false })
            position.AddSymbol(first + (long)lastSymbol.Row * rank + p, table.Text(lastSymbol.Row, p), DataLocation(table, lastSymbol.Row, p));
        return largest;
    }

    /// <summary>A column's index integers as names, each spelling once where it first appears: for a domain of symbols.</summary>
    private static IEnumerable<(long Order, string Text, SourceLocation Location)> IntegerFields(TableContent table, int p, long first, int rank)
    {
        var column = table.Columns[p];
        var seen = new FirstAppearances(table.RowCount, symbols: 0);
        for (var row = 0; row < table.RowCount; row++)
        {
            if (column.Kind(row) != CellKind.Integer || column.Integer(row) < 0)
                continue;
            var isNew = column.IsPlainInteger(row) ? seen.Integer(column.Integer(row)) : seen.SpelledInteger(table.Text(row, p));
            if (isNew)
                yield return (first + (long)row * rank + p, table.Text(row, p), DataLocation(table, row, p));
        }
    }

    /// <summary>
    /// The place of a field in a table file, for diagnostics that show the data line: the first place in
    /// the line where the field's text occurs.
    /// </summary>
    internal static SourceLocation DataLocation(TableContent table, int row, int field)
    {
        var value = table.Text(row, field);
        var start = table.Source.GetLineStart(table.Lines[row] - 1);
        var column = Math.Max(0, table.LineText(row).IndexOf(value, StringComparison.Ordinal));
        return new SourceLocation(table.Source, new TextSpan(start + column, Math.Max(1, value.Length)));
    }

    /// <summary>A table's rows as tuples of the tensor (the index fields by their domains) and, for a real tensor, the last field as values.</summary>
    private static SparseData BindTable(TensorSymbol symbol, TableContent table, SourceLocation location)
    {
        var rank = symbol.Rank;
        var tuples = new int[checked(table.RowCount * rank)];
        for (var p = 0; p < rank; p++)
            FillPosition(table, p, symbol.Domains[p], tuples, rank);
        double[]? values = null;
        if (!symbol.IsBoolean)
        {
            var column = table.Columns[^1];
            values = new double[table.RowCount];
            for (var row = 0; row < values.Length; row++)
            {
                values[row] = column.Kind(row) switch
                {
                    CellKind.Number => column.Number(row),
                    CellKind.Integer => column.Integer(row),
                    _ => 0,
                };
            }
        }
        return new SparseData(symbol, tuples, table.RowCount, values, location);
    }

    /// <summary>Writes position <paramref name="p"/> of every tuple: the integer itself, or the symbol's number in its domain.</summary>
    private static void FillPosition(TableContent table, int p, Domain domain, int[] tuples, int rank)
    {
        var column = table.Columns[p];
        if (domain.Kind != DomainKind.Symbol)
        {
            for (var row = 0; row < table.RowCount; row++)
                tuples[row * rank + p] = column.Kind(row) == CellKind.Integer ? (int)column.Integer(row) : 0;
            return;
        }
        // A table's symbols are looked up in the domain once each, not once per field.
        var ids = new int[table.Symbols.Length];
        Array.Fill(ids, -1);
        var integerIds = new Dictionary<long, int>();
        for (var row = 0; row < table.RowCount; row++)
        {
            int id;
            if (column.Kind(row) == CellKind.Symbol)
            {
                ref var known = ref ids[column.Symbol(row)];
                if (known < 0)
                    known = IdOf(domain, table.Symbols[column.Symbol(row)]);
                id = known;
            }
            else if (column.Kind(row) == CellKind.Integer && column.IsPlainInteger(row))
            {
                if (!integerIds.TryGetValue(column.Integer(row), out id))
                    integerIds.Add(column.Integer(row), id = IdOf(domain, table.Text(row, p)));
            }
            else
                id = IdOf(domain, table.Text(row, p));
            tuples[row * rank + p] = id;
        }
    }

    private static int IdOf(Domain domain, string text) => domain.Symbols.TryGetId(text, out var id) ? id : 0;
}
