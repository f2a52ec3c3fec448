using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// Clears the cells of a <see cref="MaskGrid"/> where one condition of output indices fails. Row by row
/// along the grid's last index x: a condition without x is decided once per row; a comparison of x itself
/// with an expression free of x (<c>[q &lt;= p]</c>, <c>[q &gt; p - 4]</c>) bounds x to a range, computed once
/// per row and cleared outside; any other condition is evaluated cell by cell. Every form gives what
/// <see cref="IrComparison.Holds"/> gives, which the tests check cell by cell.
/// </summary>
internal static class MaskConditions
{
    public static void Apply(byte[] allowed, ImmutableArray<IrIndex> gridIndices, IrExpression condition)
    {
        var last = gridIndices[^1];
        var width = last.Size;
        if (width == 0)
            return;
        var binding = new int[gridIndices.Max(i => i.Id) + 1];
        var rowIndices = gridIndices[..^1];
        var mentionsLast = condition.Variables().Contains(last);
        var bound = mentionsLast ? Bound(condition, last) : null;
        var rows = allowed.Length / width;
        for (var r = 0; r < rows; r++)
        {
            SetRow(binding, rowIndices, r);
            var row = allowed.AsSpan(r * width, width);
            if (!mentionsLast)
            {
                if (!Holds(condition, binding))
                    row.Clear();
            }
            else if (bound is var (op, other))
                ClearOutside(row, op, other.Evaluate(binding));
            else
            {
                for (var x = 0; x < width; x++)
                {
                    binding[last.Id] = x;
                    if (!Holds(condition, binding))
                        row[x] = 0;
                }
            }
        }
    }

    /// <summary>Whether the condition leaves each row's allowed cells one run: a test without x, or x bounded on one side or both (not <c>!=</c>).</summary>
    public static bool KeepsRuns(IrExpression condition, IrIndex x) =>
        !condition.Variables().Contains(x) || Bound(condition, x) is { Operator: not ComparisonOperator.NotEqual };

    /// <summary>Narrows each row's run [start, end) by a condition that <see cref="KeepsRuns"/>.</summary>
    public static void Narrow(int[] start, int[] end, ImmutableArray<IrIndex> gridIndices, IrExpression condition)
    {
        var last = gridIndices[^1];
        var binding = new int[gridIndices.Max(i => i.Id) + 1];
        var rowIndices = gridIndices[..^1];
        var bound = Bound(condition, last);
        for (var r = 0; r < start.Length; r++)
        {
            SetRow(binding, rowIndices, r);
            var (from, to) = bound is var (op, other) ? Range(op, other.Evaluate(binding), last.Size) : Holds(condition, binding) ? (0, last.Size) : (0, 0);
            start[r] = Math.Max(start[r], from);
            end[r] = Math.Min(end[r], to);
        }
    }

    /// <summary><c>x op e</c> with e free of x, the comparison turned around if x stands on the right; else null.</summary>
    private static (ComparisonOperator Operator, IrIndexExpression Other)? Bound(IrExpression condition, IrIndex x)
    {
        if (condition is not IrComparison comparison)
            return null;
        if (comparison.Left is IrVariableIndex left && left.Variable == x && !comparison.Right.Variables().Contains(x))
            return (comparison.Operator, comparison.Right);
        if (comparison.Right is IrVariableIndex right && right.Variable == x && !comparison.Left.Variables().Contains(x))
            return (Mirrored(comparison.Operator), comparison.Left);
        return null;
    }

    /// <summary>The operator with its operands swapped: <c>e &lt; x</c> is <c>x &gt; e</c>.</summary>
    private static ComparisonOperator Mirrored(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        _ => op,
    };

    /// <summary>Keeps only the x of the row with <c>x op e</c>.</summary>
    private static void ClearOutside(Span<byte> row, ComparisonOperator op, long e)
    {
        if (op == ComparisonOperator.NotEqual)
        {
            if (e >= 0 && e < row.Length)
                row[(int)e] = 0;
            return;
        }
        var (from, to) = Range(op, e, row.Length);
        row[..from].Clear();
        row[to..].Clear();
    }

    /// <summary>
    /// The x in [0, <paramref name="width"/>) with <c>x op e</c>, as [from, to) (empty when from = to); not for
    /// <c>!=</c>. e may be IndexSemantics.Invalid (long.MinValue), which every x exceeds, as Compare says;
    /// e + 1 then cannot overflow.
    /// </summary>
    private static (int From, int To) Range(ComparisonOperator op, long e, int width)
    {
        var (from, to) = op switch
        {
            ComparisonOperator.Less => (0L, e),
            ComparisonOperator.LessOrEqual => (0L, e >= width ? width : e + 1),
            ComparisonOperator.Greater => (e >= width ? width : e + 1, width),
            ComparisonOperator.GreaterOrEqual => (e, width),
            _ => (e, e >= width ? width : e + 1),
        };
        from = Math.Clamp(from, 0, width);
        to = Math.Clamp(to, from, width);
        return ((int)from, (int)to);
    }

    private static bool Holds(IrExpression condition, int[] binding) => condition switch
    {
        IrComparison comparison => comparison.Holds(binding),
        IrIndexPredicate predicate => predicate.Holds(binding),
        _ => throw new InvalidOperationException($"'{IrExpressionPrinter.Print(condition)}' is not a mask condition"),
    };

    /// <summary>Binds the grid's leading indices to the coordinates of row <paramref name="row"/>.</summary>
    private static void SetRow(int[] binding, ImmutableArray<IrIndex> rowIndices, int row)
    {
        for (var k = rowIndices.Length - 1; k >= 0; k--)
        {
            binding[rowIndices[k].Id] = row % rowIndices[k].Size;
            row /= rowIndices[k].Size;
        }
    }
}
