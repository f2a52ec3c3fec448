using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Reference;

/// <summary>
/// Semi-naive evaluation of a recursive component of Datalog rules. Each rule is rewritten once per
/// recursive atom in its body, that atom reading only the tuples new in the last round:
/// <c>Ancestor(x,z) &lt;- Ancestor(x,y), Parent(y,z)</c> becomes
/// <c>Ancestor(x,z) &lt;- ΔAncestor(x,y), Parent(y,z)</c>, so no round re-derives what earlier rounds found.
/// </summary>
internal sealed class SemiNaiveEvaluator(TensorStore store, ITensorReader full)
{
    private readonly Dictionary<TensorSymbol, Relation> _deltas = [];
    private readonly Dictionary<TensorSymbol, TensorSymbol> _deltaSymbols = [];

    public void Run(Stratum stratum)
    {
        var members = stratum.Tensors.ToHashSet();
        var reader = new DeltaReader(full, _deltas);
        foreach (var tensor in stratum.Tensors)
        {
            _deltaSymbols[tensor] = TensorSymbol.Derived(tensor, "\u0394" + tensor.Name);
        }
        var variants = stratum.Equations.SelectMany(e => DeltaVariants(e, members)).ToList();

        // Round 0: every rule once against the initial relations.
        var relations = stratum.Tensors.ToDictionary(t => t, t => (Relation)store.Initial(t).Clone());
        foreach (var tensor in stratum.Tensors)
            store[tensor] = relations[tensor];
        var fresh = NewTuples(stratum.Equations, reader, relations);
        while (fresh.Values.Any(d => d.Count > 0))
        {
            foreach (var (tensor, delta) in fresh)
            {
                foreach (var tuple in delta.Tuples)
                    relations[tensor].Add(tuple);
                _deltas[_deltaSymbols[tensor]] = delta;
            }
            fresh = NewTuples(variants, reader, relations);
        }
    }

    /// <summary>The tuples the equations derive that the relations do not hold yet, per tensor.</summary>
    private static Dictionary<TensorSymbol, Relation> NewTuples(
        IEnumerable<BoundEquation> equations,
        ITensorReader reader,
        Dictionary<TensorSymbol, Relation> relations)
    {
        var fresh = relations.Keys.ToDictionary(t => t, t => new Relation(t, t.Shape));
        foreach (var equation in equations)
        {
            var tensor = equation.Target.Tensor;
            foreach (var (cell, value) in EquationEvaluator.Evaluate(equation, reader))
            {
                if (value > 0 && !relations[tensor].Contains(cell))
                    fresh[tensor].Add(cell);
            }
        }
        return fresh;
    }

    /// <summary>One copy of a rule per atom of the component in its body, that atom reading the delta.</summary>
    private IEnumerable<BoundEquation> DeltaVariants(BoundEquation rule, HashSet<TensorSymbol> members)
    {
        var term = rule.Terms[0];
        for (var i = 0; i < term.Factors.Length; i++)
        {
            if (term.Factors[i] is not BoundTensorRead read || !members.Contains(read.Reference.Tensor))
                continue;
            var deltaRead = new BoundTensorRead(read.Reference with { Tensor = _deltaSymbols[read.Reference.Tensor] });
            var factors = term.Factors.SetItem(i, deltaRead);
            yield return rule with { Terms = ImmutableArray.Create(term with { Factors = factors }) };
        }
    }

    /// <summary>Reads delta symbols from the current deltas and everything else from the full state.</summary>
    private sealed class DeltaReader(ITensorReader full, Dictionary<TensorSymbol, Relation> deltas) : ITensorReader
    {
        public double Get(TensorSymbol tensor, ReadOnlySpan<int> cell) =>
            deltas.TryGetValue(tensor, out var delta) ? delta.Get(cell) : full.Get(tensor, cell);

        public IReadOnlyList<int[]> Match(TensorSymbol tensor, ReadOnlySpan<int> pattern) =>
            deltas.TryGetValue(tensor, out var delta) ? delta.Match(pattern) : full.Match(tensor, pattern);
    }
}
