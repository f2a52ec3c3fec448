using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Relational;

/// <summary>
/// The order in which a rule body's atoms are joined, chosen greedily from the relations' current sizes:
/// next comes the atom expected to match the fewest tuples per binding so far, its size divided by the
/// sizes of the domains of its bound positions (tuples spread evenly). A semi-naive round's delta is then
/// first because it is small, and the order follows the data as the rounds change their sizes. Ties go to
/// delta atoms, then to atoms with more bound positions, then to the order of the source.
/// </summary>
internal static class JoinOrder
{
    /// <summary>Positions in <paramref name="atoms"/>, in join order.</summary>
    /// <param name="bound">Variables bound before the first atom (a goal's or a loop's pins).</param>
    public static int[] Choose(IReadOnlyList<IrAccess> atoms, Func<TensorSymbol, long> count, IEnumerable<int> bound)
    {
        var known = new HashSet<int>(bound);
        var left = Enumerable.Range(0, atoms.Count).ToList();
        var order = new int[atoms.Count];
        for (var k = 0; k < order.Length; k++)
        {
            var next = left
                .OrderBy(a => Expected(atoms[a], count(atoms[a].Tensor), known))
                .ThenByDescending(a => atoms[a].Tensor.IsSynthesized)
                .ThenByDescending(a => BoundPositions(atoms[a], known))
                .First();
            left.Remove(next);
            order[k] = next;
            known.UnionWith(atoms[next].Indices.OfType<IrVariableIndex>().Select(v => v.Variable.Id));
        }
        return order;
    }

    private static double Expected(IrAccess atom, long count, HashSet<int> known)
    {
        var expected = (double)count;
        for (var p = 0; p < atom.Indices.Length; p++)
        {
            if (IsBound(atom.Indices[p], known))
                expected /= Math.Max(1, atom.Tensor.Shape[p]);
        }
        return expected;
    }

    private static int BoundPositions(IrAccess atom, HashSet<int> known) => atom.Indices.Count(i => IsBound(i, known));

    private static bool IsBound(IrIndexExpression index, HashSet<int> known) =>
        index is IrConstantIndex || index is IrVariableIndex v && known.Contains(v.Variable.Id);
}
