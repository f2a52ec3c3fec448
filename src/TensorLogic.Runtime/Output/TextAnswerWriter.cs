using System.Globalization;
using System.Text;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;

namespace TensorLogic.Runtime.Output;

/// <summary>
/// Answers for people: the query, then a table of bindings, true/false, or the numbers laid out by
/// rank (a scalar inline, a vector as a list, a matrix as rows, higher ranks as labelled matrices).
/// </summary>
public static class TextAnswerWriter
{
    /// <summary>The answer as text, every row of a table of bindings included.</summary>
    public static string Format(QueryAnswer answer) => Format(answer, 0);

    /// <summary>
    /// The answer as text; with <paramref name="maxRows"/> above 0, a table of bindings shows at most that many
    /// rows and then says how many it left out (the REPL's <c>:limit</c>).
    /// </summary>
    public static string Format(QueryAnswer answer, int maxRows) => answer switch
    {
        TruthAnswer truth => $"{answer.Query.Text} {(truth.Value ? "true" : "false")}\n",
        RowsAnswer rows => FormatRows(rows, maxRows),
        TensorAnswer tensor => FormatTensor(tensor),
        _ => throw new ArgumentException("unknown answer"),
    };

    private static string FormatRows(RowsAnswer answer, int maxRows)
    {
        var builder = new StringBuilder(answer.Query.Text).Append('\n');
        if (answer.Rows.IsEmpty)
            return builder.Append("  (no answers)\n").ToString();
        var shown = maxRows > 0 ? Math.Min(maxRows, answer.Rows.Length) : answer.Rows.Length;
        var cells = answer.Rows.Take(shown).Select(r => r.Select(v => v.ToString()).ToArray()).Prepend([.. answer.Variables]).ToList();
        var widths = Enumerable.Range(0, answer.Variables.Length).Select(c => cells.Max(r => r[c].Length)).ToArray();
        for (var r = 0; r < cells.Count; r++)
        {
            builder.Append("  ").Append(string.Join("  ", cells[r].Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
            if (r == 0)
                builder.Append("  ").Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        }
        var left = answer.Rows.Length - shown;
        if (left > 0)
            builder.Append("  ... ").Append(left.ToString("N0", CultureInfo.InvariantCulture)).Append(left == 1 ? " more row\n" : " more rows\n");
        return builder.ToString();
    }

    private static string FormatTensor(TensorAnswer answer)
    {
        var numbers = answer.Data.Select(v => Number(v, answer.IsInteger)).ToArray();
        var text = answer.Query.Text;
        switch (answer.Shape.Length)
        {
            case 0:
                return $"{text} {numbers[0]}\n";
            case 1:
                return $"{text}\n  {Labels(answer.Axes[0], answer.Shape[0])}[{string.Join(", ", Elided(numbers, answer.Shape[0]))}]\n";
        }
        var builder = new StringBuilder(text);
        if (numbers.Length > SummaryThreshold)
            builder.Append("  (shape [").Append(string.Join(", ", answer.Shape)).Append("]; corners shown, --format json prints every element)");
        builder.Append('\n');
        var rows = answer.Shape[^2];
        var columns = answer.Shape[^1];
        var width = numbers.Max(n => n.Length);
        var blocks = numbers.Length / Math.Max(1, rows * columns);
        foreach (var block in Kept(blocks))
        {
            if (block < 0)
            {
                builder.Append("  ...\n");
                continue;
            }
            if (answer.Shape.Length > 2)
                builder.Append("  [").Append(BlockLabel(answer, block)).Append(", :, :]\n");
            foreach (var r in Kept(rows))
            {
                if (r < 0)
                {
                    builder.Append("  ...\n");
                    continue;
                }
                var start = (block * rows + r) * columns;
                var row = Elided(numbers[start..(start + columns)], columns).Select(n => n.PadLeft(width));
                builder.Append("  ").Append(string.Join("  ", row)).Append('\n');
            }
        }
        return builder.ToString();

        // A large tensor is shown by its corners, as NumPy prints it: the first and last few of each axis.
        IEnumerable<int> Kept(int count) => numbers.Length <= SummaryThreshold || count <= 2 * EdgeItems
            ? Enumerable.Range(0, count)
            : [.. Enumerable.Range(0, EdgeItems), -1, .. Enumerable.Range(count - EdgeItems, EdgeItems)];

        IEnumerable<string> Elided(string[] items, int count) => Kept(count).Select(i => i < 0 ? "..." : items[i]);
    }

    private const int SummaryThreshold = 1000;
    private const int EdgeItems = 3;

    /// <summary>A vector over symbols shows which symbol each number belongs to.</summary>
    private static string Labels(Domain domain, int size) =>
        domain.Kind == DomainKind.Symbol ? $"({string.Join(", ", Enumerable.Range(0, size).Select(domain.Format))}) = " : "";

    private static string BlockLabel(TensorAnswer answer, int block)
    {
        var leading = answer.Shape.Length - 2;
        var labels = new string[leading];
        for (var axis = leading - 1; axis >= 0; axis--)
        {
            labels[axis] = answer.Axes[axis].Format(block % answer.Shape[axis]);
            block /= answer.Shape[axis];
        }
        return string.Join(", ", labels);
    }

    public static string Number(double value, bool integer = false)
    {
        if (integer && double.IsFinite(value))
            return Math.Round(value).ToString(CultureInfo.InvariantCulture);
        if (value == 0)
            return "0";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
            return value.ToString("0", CultureInfo.InvariantCulture);
        return value.ToString("G6", CultureInfo.InvariantCulture);
    }
}
