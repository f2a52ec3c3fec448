using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Explanations;

/// <summary>
/// Finds a derivation of minimal height for a true atom, after the program has run. Recording provenance
/// while evaluating would cost every run; instead, when an explanation is asked for, the rules of the
/// atom's cone are run again by height, semi-naively: round h joins, for each body atom in turn, the atoms
/// first derived in round h−1 with everything derived before, so an atom first appears in the round equal to
/// its minimal derivation height, and the rule instance that produced it is kept. The search stops at the
/// round that derives the goal. Negated atoms and relations that no rule computes are read from the
/// finished run (they are complete: negation only reads lower strata).
/// </summary>
public sealed class DerivationSearch : ICellReader
{
    private readonly IrProgram _program;
    private readonly Func<TensorSymbol, TensorValue> _final;
    private readonly Func<TensorSymbol, TensorValue> _initial;
    private readonly Dictionary<TensorSymbol, List<IrEquation>> _rules = [];
    private readonly Dictionary<TensorSymbol, Relation> _known = [];
    private readonly Dictionary<TensorSymbol, Relation> _deltas = [];
    private readonly Dictionary<TensorSymbol, TensorSymbol> _deltaSymbols = [];
    private readonly Dictionary<TensorSymbol, TensorSymbol> _relationOfDelta = [];
    private readonly Dictionary<TensorSymbol, TensorSymbol> _relationOfFinal = [];
    private readonly Dictionary<TensorSymbol, TensorSymbol> _finalOf = [];
    private readonly Dictionary<(TensorSymbol, TupleKey), (IrEquation Rule, IrGenericTerm Term, int[] Binding)> _origins = [];

    /// <param name="program">The program lowered without optimizing passes, so rules are the ones written.</param>
    /// <param name="final">A tensor's value after the run.</param>
    /// <param name="initial">A tensor's data.</param>
    public DerivationSearch(IrProgram program, Func<TensorSymbol, TensorValue> final, Func<TensorSymbol, TensorValue> initial)
    {
        _program = program;
        _final = final;
        _initial = initial;
        foreach (var equation in program.Strata.SelectMany(s => s.Equations).Where(IsRule))
        {
            if (!_rules.TryGetValue(equation.Target, out var list))
                _rules[equation.Target] = list = [];
            list.Add(equation);
        }
    }

    /// <summary>The derivation of <paramref name="goal"/>, or null when it does not hold.</summary>
    public Derivation? Explain(GroundAtom goal)
    {
        if (_final(goal.Relation).Get(goal.Tuple.AsSpan()) <= 0)
            return null;
        if (_rules.ContainsKey(goal.Relation))
            Search(goal);
        return Build(goal, []);
    }

    /// <summary>An equation whose target is a relation and whose body joins relations: what a proof tree unfolds.</summary>
    private static bool IsRule(IrEquation equation) =>
        equation.Target.IsBoolean && equation.GenericTerms.All(t => t.Factors.All(f => f is IrTensorRead { Access.Tensor.IsBoolean: true } or IrUnary { Operator: UnaryOperator.Not } or IrComparison or IrIndexPredicate));

    private void Search(GroundAtom goal)
    {
        var cone = Cone(goal.Relation);
        foreach (var relation in cone)
        {
            _known[relation] = new Relation(relation.Shape);
            _deltas[relation] = new Relation(relation.Shape);
            _deltaSymbols[relation] = TensorSymbol.Derived(relation, "\u0394" + relation.Name);
            _relationOfDelta[_deltaSymbols[relation]] = relation;
            foreach (var tuple in ((Relation)_initial(relation)).Tuples)
                _known[relation].Add(tuple);
        }
        foreach (var relation in cone)
        {
            foreach (var tuple in _known[relation].Tuples)
                _deltas[relation].Add(tuple);
        }
        // Round 1 also takes the rules whose bodies read no derived relation.
        for (var round = 1; !_known[goal.Relation].Contains(goal.Tuple.AsSpan()); round++)
        {
            var fresh = cone.ToDictionary(r => r, r => new Relation(r.Shape));
            foreach (var relation in cone)
            {
                foreach (var rule in _rules[relation])
                {
                    foreach (var term in rule.GenericTerms)
                        Derive(rule, term, cone, round == 1, fresh);
                }
            }
            if (fresh.Values.All(f => f.Count == 0))
                break;
            foreach (var (relation, tuples) in fresh)
            {
                foreach (var tuple in tuples.Tuples)
                    _known[relation].Add(tuple);
                _deltas[relation] = tuples;
            }
        }
    }

    /// <summary>One term's instances with one derived body atom reading the last round's atoms, for each such atom.</summary>
    private void Derive(IrEquation rule, IrGenericTerm term, HashSet<TensorSymbol> cone, bool firstRound, Dictionary<TensorSymbol, Relation> fresh)
    {
        var derivedAtoms = Enumerable.Range(0, term.Factors.Length)
            .Where(i => term.Factors[i] is IrTensorRead read && cone.Contains(read.Access.Tensor))
            .ToList();
        if (derivedAtoms.Count == 0)
        {
            if (firstRound)
                Run(rule, term, fresh);
            return;
        }
        foreach (var i in derivedAtoms)
        {
            var read = (IrTensorRead)term.Factors[i];
            var delta = new IrTensorRead(read.Access with { Tensor = _deltaSymbols[read.Access.Tensor] });
            Run(rule, term with { Factors = term.Factors.SetItem(i, delta) }, fresh, term);
        }
    }

    private void Run(IrEquation rule, IrGenericTerm term, Dictionary<TensorSymbol, Relation> fresh, IrGenericTerm? written = null)
    {
        // A negated atom asks about the finished relation, even when the relation is also being re-derived here.
        term = term with { Factors = [.. term.Factors.Select(FinalNegation)] };
        var target = rule.TargetAccess;
        var cell = new int[target.Indices.Length];
        new TermEvaluator(rule, term, this).Run(new Dictionary<int, int>(), (binding, value) =>
        {
            if (value <= 0)
                return;
            for (var p = 0; p < cell.Length; p++)
                cell[p] = (int)target.Indices[p].Evaluate(binding);
            if (_known[rule.Target].Contains(cell) || !fresh[rule.Target].Add(cell))
                return;
            _origins[(rule.Target, new TupleKey(cell))] = (rule, written ?? term, binding.ToArray());
        });
    }

    private IrExpression FinalNegation(IrExpression factor)
    {
        if (factor is not IrUnary { Operator: UnaryOperator.Not, Operand: IrTensorRead read } negation || !_known.ContainsKey(read.Access.Tensor))
            return factor;
        var relation = read.Access.Tensor;
        if (!_finalOf.TryGetValue(relation, out var alias))
        {
            _finalOf[relation] = alias = TensorSymbol.Derived(relation, relation.Name);
            _relationOfFinal[alias] = relation;
        }
        return negation with { Operand = new IrTensorRead(read.Access with { Tensor = alias }) };
    }

    /// <summary>The relations the goal's relation is derived from by rules, itself included.</summary>
    private HashSet<TensorSymbol> Cone(TensorSymbol relation) =>
        Compiler.Semantics.DependencyCone.Of([relation], t => _rules.TryGetValue(t, out var rules)
            ? rules.SelectMany(r => r.GenericTerms).SelectMany(term => term.Factors)
                .OfType<IrTensorRead>().Select(read => read.Access.Tensor).Where(_rules.ContainsKey)
            : []);

    /// <summary>The tree of an atom from the recorded origins; atoms on the current path are not unfolded again.</summary>
    private Derivation Build(GroundAtom atom, HashSet<GroundAtom> path)
    {
        var key = (atom.Relation, new TupleKey(atom.Tuple.AsSpan()));
        if (!_origins.TryGetValue(key, out var origin))
        {
            var kind = ((Relation)_initial(atom.Relation)).Contains(atom.Tuple.AsSpan()) || !_program.Computed.Contains(atom.Relation)
                ? DerivationKind.Fact
                : DerivationKind.Computed;
            return new Derivation(atom, kind, null, []);
        }
        path.Add(atom);
        var body = ImmutableArray.CreateBuilder<Derivation>();
        foreach (var factor in origin.Term.Factors)
        {
            switch (factor)
            {
                case IrTensorRead read:
                    var child = new GroundAtom(read.Access.Tensor, Instance(read.Access, origin.Binding));
                    if (!path.Contains(child))
                        body.Add(Build(child, path));
                    break;
                case IrUnary { Operator: UnaryOperator.Not, Operand: IrTensorRead negated }:
                    body.Add(new Derivation(new GroundAtom(negated.Access.Tensor, Instance(negated.Access, origin.Binding)), DerivationKind.Absent, null, []));
                    break;
            }
        }
        path.Remove(atom);
        return new Derivation(atom, DerivationKind.Rule, origin.Rule, body.ToImmutable());
    }

    private static ImmutableArray<int> Instance(IrAccess access, int[] binding) => [.. access.Indices.Select(i => (int)i.Evaluate(binding))];

    // ------------------------------------------------------------------ the reader the re-run joins through

    public double Get(TensorSymbol tensor, ReadOnlySpan<int> cell) => Current(tensor).Get(cell);

    public IReadOnlyList<int[]> Match(TensorSymbol tensor, ReadOnlySpan<int> pattern) => ((Relation)Current(tensor)).Match(pattern);

    /// <summary>What a read sees: a delta, the atoms derived so far, or the finished run.</summary>
    private TensorValue Current(TensorSymbol tensor) =>
        _relationOfDelta.TryGetValue(tensor, out var relation) ? _deltas[relation]
        : _relationOfFinal.TryGetValue(tensor, out var original) ? _final(original)
        : _known.TryGetValue(tensor, out var known) ? known
        : _final(tensor);
}
