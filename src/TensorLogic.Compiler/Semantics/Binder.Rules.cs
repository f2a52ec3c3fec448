using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// Datalog rules become equations with one term: the join of the body's atoms, negations (1 - R) and
// comparisons; the head is Boolean, so the step is implicit.
public sealed partial class Binder
{
    private BoundEquation? BindRule(SourceStatement statement, RuleStatement rule)
    {
        if (Find(rule.Head.Name.Text) is null)
            return null;
        var atoms = rule.Body.OfType<AtomLiteral>().Select(a => a.Atom);
        var context = NewContext(statement, atoms.Prepend(rule.Head));
        var errors = _diagnostics.Count(d => d.IsError);
        var target = BindReference(rule.Head, context, isTarget: true);
        var factors = new List<BoundExpression>();
        foreach (var literal in rule.Body)
        {
            var location = At(statement, literal);
            switch (literal)
            {
                case AtomLiteral { Atom: var atom } when IsIndexPredicate(atom.Name.Text):
                    var predicate = BindIndexPredicate(atom, context);
                    factors.Add(((AtomLiteral)literal).IsNegated ? new BoundUnary(UnaryOperator.Not, predicate, location) : predicate);
                    break;
                case AtomLiteral atomLiteral:
                    if (BindReference(atomLiteral.Atom, context, isTarget: false) is not { } reference)
                        break;
                    var read = new BoundTensorRead(reference);
                    factors.Add(atomLiteral.IsNegated ? new BoundUnary(UnaryOperator.Not, read, location) : read);
                    break;
                case ComparisonLiteral comparison:
                    var left = BindIndex(comparison.Left, DomainOfSide(comparison.Right, context), context);
                    var right = BindIndex(comparison.Right, DomainOfSide(comparison.Left, context), context);
                    if (left is not null && right is not null)
                        factors.Add(new BoundComparison(left, comparison.Operator, right, location));
                    break;
            }
        }
        if (target is null || _diagnostics.Count(d => d.IsError) != errors)
            return null;
        var variables = context.All;
        var term = new BoundTerm(1, [.. factors], variables, At(statement, rule));
        return new BoundEquation(target, Aggregation.Sum, null, [term], variables, IsRule: true, Formatter.Format(rule), At(statement, rule));
    }

    /// <summary>The domain of the variable on the other side of a comparison, for numbering a symbol.</summary>
    private static Domain? DomainOfSide(IndexExpression side, BindingContext context) =>
        side is IndexName { Name.IsCapitalized: false } name && context.Variables.TryGetValue(name.Name.Text, out var variable)
            ? variable.Domain
            : null;

    /// <summary>
    /// Range restriction: every variable of the head, of a negated atom or of a comparison must occur in a
    /// positive atom, or the rule would range over a whole domain (or over everything not in a relation).
    /// It runs while domains are collected: an unsafe variable has no domain evidence, and reporting it
    /// first keeps it from surfacing as "size cannot be inferred".
    /// </summary>
    private void CheckSafety(SourceStatement statement, RuleStatement rule)
    {
        var positive = rule.Body.OfType<AtomLiteral>().Where(a => !a.IsNegated && !IsIndexPredicate(a.Atom.Name.Text))
            .SelectMany(a => a.Atom.Indices.SelectMany(IndexNames))
            .Select(n => n.Text)
            .ToHashSet();
        foreach (var name in rule.Head.Indices.SelectMany(IndexNames).Where(n => !n.IsCapitalized))
        {
            if (!positive.Contains(name.Text))
            {
                _diagnostics.Report(Catalog.UnsafeHeadVariable, At(statement, name),
                    $"variable '{name.Text}' of the head does not occur in a positive atom of the body",
                    "every head variable must be bound by the body, e.g. by an atom Node(" + name.Text + ")");
                return;
            }
        }
        var guarded = rule.Body.Where(l => l is ComparisonLiteral || l is AtomLiteral { IsNegated: true } || l is AtomLiteral a && IsIndexPredicate(a.Atom.Name.Text));
        foreach (var literal in guarded)
        {
            var names = literal switch
            {
                AtomLiteral atom => atom.Atom.Indices.SelectMany(IndexNames),
                ComparisonLiteral comparison => IndexNames(comparison.Left).Concat(IndexNames(comparison.Right)),
                _ => [],
            };
            foreach (var name in names.Where(n => !n.IsCapitalized && !positive.Contains(n.Text)))
            {
                _diagnostics.Report(Catalog.UnsafeNegation, At(statement, name),
                    $"variable '{name.Text}' occurs only under negation or in a comparison",
                    "bind it in a positive atom of the same rule");
                return;
            }
        }
    }
}
