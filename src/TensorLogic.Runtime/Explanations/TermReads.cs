using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Runtime.Explanations;

/// <summary>A cell a term reads at one binding; <paramref name="Negated"/> for the atom of a <c>not</c> factor.</summary>
internal readonly record struct CellRead(TensorSymbol Tensor, int[] Cell, bool Negated);

/// <summary>What a term reads at one binding, and how its variables are shown.</summary>
internal static class TermReads
{
    /// <summary>Each cell once, in the order the factors name them; a read outside its tensor's shape reads 0 and is left out.</summary>
    public static List<CellRead> At(IrGenericTerm term, int[] binding)
    {
        var reads = new List<CellRead>();
        foreach (var factor in term.Factors)
        {
            var negated = factor is IrUnary { Operator: UnaryOperator.Not, Operand: IrTensorRead };
            foreach (var access in factor.Reads())
            {
                if (Cell(access, binding) is { } cell && !reads.Any(r => r.Tensor == access.Tensor && r.Cell.AsSpan().SequenceEqual(cell)))
                    reads.Add(new CellRead(access.Tensor, cell, negated));
            }
        }
        return reads;
    }

    /// <summary>
    /// The values of the term's variables that the equation's left-hand side does not name (the ones its
    /// aggregation projects out), as the domain they range over spells them: <c>x = B</c>.
    /// </summary>
    public static List<(IrIndex Variable, string Value)> SummedOut(IrEquation equation, IrGenericTerm term, int[] binding)
    {
        var named = equation.TargetAccess.Indices.SelectMany(i => i.Variables()).Select(v => v.Id).ToHashSet();
        var accesses = term.Factors.SelectMany(f => f.Reads()).ToList();
        return [.. term.Variables.Where(v => !named.Contains(v.Id)).Select(v => (v, Format(accesses, v, binding[v.Id])))];
    }

    /// <summary>An index variable carries no domain; a position where it stands alone has one.</summary>
    private static string Format(List<IrAccess> accesses, IrIndex variable, int value)
    {
        foreach (var access in accesses)
        {
            for (var p = 0; p < access.Indices.Length; p++)
            {
                if (access.Indices[p] is IrVariableIndex { Variable.Id: var id } && id == variable.Id)
                    return access.Tensor.Domains[p].Format(value);
            }
        }
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int[]? Cell(IrAccess access, int[] binding)
    {
        var cell = new int[access.Indices.Length];
        for (var p = 0; p < cell.Length; p++)
        {
            var value = access.Indices[p].Evaluate(binding);
            if (value < 0 || value >= access.Tensor.Domains[p].Size)
                return null;
            cell[p] = (int)value;
        }
        return cell;
    }
}
