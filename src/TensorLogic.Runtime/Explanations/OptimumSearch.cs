using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Explanations;

/// <summary>
/// Explains a cell of a <c>min=</c> or <c>max=</c> tensor after the program has run: which data or equation
/// instance attains its value, the values its factors read there, and, for each cell of a <c>min=</c>/<c>max=</c>
/// tensor among them, the same again, down to data; relations read on the way get their derivations. Where
/// several instances attain the value, the one whose chain is shortest is shown. Nothing is recorded while a
/// program runs: the instances are found from the final values when an explanation is asked for
/// (<see cref="Attainment"/>), and heights by rounds (<see cref="ChainHeights"/>).
/// </summary>
public sealed class OptimumSearch
{
    private readonly ICellReader _reader;
    private readonly Attainment _attainment;
    private readonly DerivationSearch _atoms;
    private readonly Dictionary<GroundAtom, Derivation?> _derivations = [];

    /// <param name="program">The program lowered without optimizing passes, so equations are the ones written.</param>
    /// <param name="final">A tensor's value after the run.</param>
    /// <param name="initial">A tensor's data.</param>
    public OptimumSearch(IrProgram program, Func<TensorSymbol, TensorValue> final, Func<TensorSymbol, TensorValue> initial)
    {
        _reader = new FinalCells(final);
        _attainment = new Attainment([.. program.Strata.SelectMany(s => s.Equations)], final, initial);
        _atoms = new DerivationSearch(program, final, initial);
    }

    /// <summary>Whether a cell of <paramref name="tensor"/> has a chain to explain: its tensor is computed with <c>min=</c> or <c>max=</c>.</summary>
    public static bool Explains(TensorSymbol tensor) => ChainGraph.IsChained(tensor);

    public Optimum Explain(GroundCell goal)
    {
        if (!Explains(goal.Tensor))
            throw new ArgumentException($"'{goal.Tensor.Name}' is not computed with min= or max=", nameof(goal));
        var graph = new ChainGraph(_attainment, _reader);
        graph.Explore(goal);
        ChainHeights.Assign(graph);
        return Build(graph, graph.Node(goal), []);
    }

    private Optimum Build(ChainGraph graph, ChainNode node, HashSet<GroundCell> chain)
    {
        if (node.Unreached)
            return new Optimum(node.Cell, node.Value, OptimumKind.Unreached, null);
        if (node.Sources.Count == 0)
            return new Optimum(node.Cell, node.Value, OptimumKind.Unattained, null);
        // A cell with no height lies on a cycle: any attaining instance will do, and the cycle is cut where it closes.
        var (source, bindings) = node.Choice ?? (node.Sources[0], [.. node.Sources[0].Terms.Select(t => t.Attaining.FirstOrDefault())]);
        if (source.Equation is not { } equation)
            return new Optimum(node.Cell, node.Value, OptimumKind.Data, null);
        chain.Add(node.Cell);
        var terms = ImmutableArray.CreateBuilder<TermInstance>();
        for (var t = 0; t < source.Terms.Count; t++)
        {
            var term = source.Terms[t];
            if (bindings[t] is not { } binding)
            {
                terms.Add(new TermInstance(term.Term, [], term.Summed, []));
                continue;
            }
            var premises = TermReads.At(term.Term, binding).Select(read => Premise(graph, read, chain));
            terms.Add(new TermInstance(term.Term, [.. TermReads.SummedOut(equation, term.Term, binding)], 0, [.. premises]));
        }
        chain.Remove(node.Cell);
        return new Optimum(node.Cell, node.Value, OptimumKind.Equation, new OptimumStep(equation, terms.ToImmutable()));
    }

    private Justification Premise(ChainGraph graph, CellRead read, HashSet<GroundCell> chain)
    {
        if (read.Tensor.IsBoolean)
            return Atom(new GroundAtom(read.Tensor, [.. read.Cell]), read.Negated);
        var cell = new GroundCell(read.Tensor, [.. read.Cell]);
        var value = _reader.Get(read.Tensor, read.Cell);
        if (!ChainGraph.IsChained(read.Tensor))
            return new Optimum(cell, value, OptimumKind.Value, null);
        return chain.Contains(cell)
            ? new Optimum(cell, value, OptimumKind.OnChain, null)
            : Build(graph, graph.Node(cell), chain);
    }

    /// <summary>A true atom's derivation; an atom a binding needed false (under <c>not</c>, or read as 0) is shown as absent.</summary>
    private Derivation Atom(GroundAtom atom, bool negated)
    {
        if (!_derivations.TryGetValue(atom, out var derivation))
            _derivations[atom] = derivation = _reader.Get(atom.Relation, atom.Tuple.AsSpan()) > 0 ? _atoms.Explain(atom) : null;
        return negated || derivation is null ? new Derivation(atom, DerivationKind.Absent, null, []) : derivation;
    }
}
