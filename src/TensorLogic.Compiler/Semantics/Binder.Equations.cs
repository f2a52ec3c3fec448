using System.Collections.Immutable;
using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Tree;
using SyntaxBinary = TensorLogic.Syntax.Tree.BinaryExpression;
using SyntaxCall = TensorLogic.Syntax.Tree.CallExpression;

namespace TensorLogic.Compiler.Semantics;

// Pass 6: equations and rules become BoundEquations in the canonical form
// Target[lhs] agg= f(Σ sign · Π factors). Following the paper, a root call projects inside: in
// Y = step(W[i] X[i] + C) each additive term of step's argument is summed over its own non-LHS indices;
// inner operators and calls act per binding, without projecting.
public sealed partial class Binder
{
    /// <summary>The variables of the statement being bound, by name, with their IndexVariables.</summary>
    private sealed class BindingContext(SourceStatement statement, Scope scope)
    {
        public SourceStatement Statement { get; } = statement;
        public Scope Scope { get; } = scope;
        public Dictionary<string, IndexVariable> Variables { get; } = new(StringComparer.Ordinal);
        public Dictionary<SliceIndex, IndexVariable> Slices { get; } = new(ReferenceEqualityComparer.Instance);

        public IndexVariable Add(string name, DomainNode node)
        {
            var variable = new IndexVariable(name, node.Find().Domain!, Variables.Count + Slices.Count);
            Variables[name] = variable;
            return variable;
        }

        public ImmutableArray<IndexVariable> All => [.. Variables.Values.Concat(Slices.Values).Distinct().OrderBy(v => v.Ordinal)];
    }

    private ImmutableArray<BoundEquation> BindEquations()
    {
        var equations = ImmutableArray.CreateBuilder<BoundEquation>();
        foreach (var statement in _program.Statements)
        {
            var bound = statement.Statement switch
            {
                EquationStatement equation => BindEquation(statement, equation),
                RuleStatement rule => BindRule(statement, rule),
                _ => null,
            };
            if (bound is not null)
                equations.Add(bound);
        }
        return equations.ToImmutable();
    }

    /// <summary>Creates the statement's variables, those of the left-hand side first, in order of appearance.</summary>
    private BindingContext NewContext(SourceStatement statement, IEnumerable<TensorReference> lhsFirst)
    {
        var scope = ScopeOf(statement.Statement);
        var context = new BindingContext(statement, scope);
        var ordered = lhsFirst.SelectMany(r => r.Indices.SelectMany(IndexNames)).Select(n => n.Text).Concat(scope.Variables.Keys);
        foreach (var name in ordered.Distinct())
        {
            if (scope.Variables.TryGetValue(name, out var node))
                context.Add(name, node);
        }
        // A slice paired with a left-hand-side variable is that variable; any other is a new anonymous one. Ordinals
        // index the binding array, so the anonymous ones continue the variables' numbering without gaps.
        var anonymous = 0;
        foreach (var (slice, node) in scope.Slices)
        {
            context.Slices[slice] = scope.SliceTargets.TryGetValue(slice, out var name) && context.Variables.TryGetValue(name, out var target)
                ? target
                : new IndexVariable($"${anonymous}", node.Find().Domain!, context.Variables.Count + anonymous++);
        }
        return context;
    }

    private BoundEquation? BindEquation(SourceStatement statement, EquationStatement equation)
    {
        if (Find(equation.Target.Name.Text) is not { } targetInfo || targetInfo.Symbol.ConstantValue is not null)
            return null;
        var references = Descendants(equation.Value).OfType<TensorExpression>().Select(t => t.Reference);
        var context = NewContext(statement, references.Prepend(equation.Target));
        var location = At(statement, equation);
        var errors = _diagnostics.Count(d => d.IsError);

        var (inside, function) = SplitOuterFunction(equation, context);
        var target = function?.Function.Kind == FunctionKind.Concat
            ? BindConcatTarget(equation, context)
            : BindReference(equation.Target, context, isTarget: true);
        if (target is null)
            return null;
        if (function is { Function.Kind: FunctionKind.Concat })
            function = null;
        var axes = NormalizedAxes(equation, function, context);
        if (function is not null && !axes.IsDefault)
            function = function with { NormalizedAxes = axes };

        var lhsVariables = target.Indices.SelectMany(i => i.Variables()).Distinct().ToList();
        var terms = new List<BoundTerm>();
        foreach (var (sign, term) in SplitTerms(inside, 1))
        {
            var factors = new List<BoundExpression>();
            var termSign = FlattenFactors(term, sign, factors, context);
            var variables = lhsVariables.Concat(factors.SelectMany(BoundExpressions.VariablesOf)).Distinct().OrderBy(v => v.Ordinal).ToImmutableArray();
            terms.Add(new BoundTerm(termSign, [.. factors], variables, At(statement, term)));
            WarnPowerOfSum(term, lhsVariables, context);
        }
        CheckVirtualLoop(target, terms);
        if (_diagnostics.Count(d => d.IsError) != errors)
            return null;
        CheckSelfReference(equation, target, terms);
        return new BoundEquation(target, AggregationOf(equation.Operator), function, [.. terms], context.All,
            IsRule: false, Formatter.Format(equation), location);
    }

    private static Aggregation AggregationOf(ProjectionOperator op) => op switch
    {
        ProjectionOperator.Max => Aggregation.Max,
        ProjectionOperator.Min => Aggregation.Min,
        ProjectionOperator.Average => Aggregation.Average,
        _ => Aggregation.Sum,
    };

    /// <summary>A call at the root of the right-hand side is applied after projection; its first argument is what is projected.</summary>
    private (Expression Inside, OuterFunction? Function) SplitOuterFunction(EquationStatement equation, BindingContext context)
    {
        if (equation.Value is not SyntaxCall call || BuiltinFunction.Find(call.Function.Text) is not { } function)
            return (equation.Value, null);
        if (!CheckArguments(call, function, context))
            return (call.Arguments.FirstOrDefault() ?? equation.Value, null);
        var extra = call.Arguments.Skip(1).Select(a => BindScalarArgument(a, function, context)).ToImmutableArray();
        return (call.Arguments[0], new OuterFunction(function, extra, default));
    }

    private bool CheckArguments(SyntaxCall call, BuiltinFunction function, BindingContext context)
    {
        var count = call.Arguments.Length;
        if (count >= function.MinArguments && count <= function.MaxArguments)
            return true;
        var expected = function.MinArguments == function.MaxArguments
            ? $"{function.MinArguments}"
            : $"{function.MinArguments} or {function.MaxArguments}";
        _diagnostics.Report(Catalog.ArgumentCount, At(context.Statement, call),
            $"'{function.Name}' takes {expected} argument{(function.MaxArguments == 1 ? "" : "s")}, not {count}",
            $"{function.Name}: {function.Description}");
        return false;
    }

    /// <summary>The temperature of <c>sig</c> or the exponent of <c>pow</c>: the same for every element.</summary>
    private BoundExpression BindScalarArgument(Expression argument, BuiltinFunction function, BindingContext context)
    {
        var bound = BindExpression(argument, context);
        if (BoundExpressions.VariablesOf(bound).Any())
        {
            _diagnostics.Report(Catalog.ScalarArgumentExpected, At(context.Statement, argument),
                $"the extra argument of '{function.Name}' must be a scalar: it cannot depend on the equation's indices");
        }
        return bound;
    }

    /// <summary>The stored LHS positions a normalization acts along: the dotted ones, or the only one.</summary>
    private ImmutableArray<int> NormalizedAxes(EquationStatement equation, OuterFunction? function, BindingContext context)
    {
        var stored = equation.Target.Indices.Where(i => i is not VirtualIndex).ToList();
        var dotted = stored.Select((item, p) => (item, p)).Where(x => x.item is PlainIndex { IsNormalized: true }).Select(x => x.p).ToImmutableArray();
        if (function?.Function.Kind != FunctionKind.Normalization)
        {
            // relu(softmax(...)) with a dotted LHS is reported once, as a normalization that is not outermost (TL2041).
            var nestedNormalization = Descendants(equation.Value).OfType<SyntaxCall>()
                .Any(c => BuiltinFunction.Find(c.Function.Text) is { Kind: FunctionKind.Normalization });
            if (!dotted.IsEmpty && !nestedNormalization)
            {
                var item = stored[dotted[0]];
                _diagnostics.Report(Catalog.DotWithoutNormalization, At(context.Statement, item),
                    "a dotted index marks the axis of softmax or lnorm, but this equation does not normalize",
                    "remove the '.', or apply softmax(...) or lnorm(...) to the right-hand side");
            }
            return default;
        }
        if (!dotted.IsEmpty)
            return dotted;
        if (stored.Count == 1)
            return [0];
        _diagnostics.Report(Catalog.MissingNormalizationAxis, At(context.Statement, equation.Target),
            stored.Count == 0
                ? $"'{function.Function.Name}' needs an axis, but '{equation.Target.Name.Text}' has no indices"
                : $"'{function.Function.Name}' needs the axis it normalizes marked with a dot",
            stored.Count == 0 ? null : $"for example {equation.Target.Name.Text}[{string.Join(", ", stored.Select(Formatter.Format).Select((t, i) => i == stored.Count - 1 ? t + "." : t))}]");
        return default;
    }

    /// <summary>Top-level additive terms with their signs: A - (B + C) gives +A, -B, -C.</summary>
    private static IEnumerable<(int Sign, Expression Term)> SplitTerms(Expression expression, int sign) => expression switch
    {
        SyntaxBinary { Operator: BinaryOperator.Add } add => SplitTerms(add.Left, sign).Concat(SplitTerms(add.Right, sign)),
        SyntaxBinary { Operator: BinaryOperator.Subtract } subtract => SplitTerms(subtract.Left, sign).Concat(SplitTerms(subtract.Right, -sign)),
        NegateExpression negate => SplitTerms(negate.Operand, -sign),
        _ => [(sign, expression)],
    };

    /// <summary>A term's factors: joins and divisions are flattened, negations fold into the sign.</summary>
    private int FlattenFactors(Expression expression, int sign, List<BoundExpression> factors, BindingContext context)
    {
        switch (expression)
        {
            case SyntaxBinary { Operator: BinaryOperator.Join } join:
                sign = FlattenFactors(join.Left, sign, factors, context);
                return FlattenFactors(join.Right, sign, factors, context);
            case SyntaxBinary { Operator: BinaryOperator.Divide } divide:
                sign = FlattenFactors(divide.Left, sign, factors, context);
                var divisor = BindExpression(divide.Right, context);
                factors.Add(new BoundUnary(UnaryOperator.Reciprocal, divisor, divisor.Location));
                return sign;
            case NegateExpression negate:
                return FlattenFactors(negate.Operand, -sign, factors, context);
            default:
                factors.Add(BindExpression(expression, context));
                return sign;
        }
    }

    private BoundExpression BindExpression(Expression expression, BindingContext context)
    {
        var location = At(context.Statement, expression);
        switch (expression)
        {
            case NumberLiteral number:
                return new BoundConstant(number.Value, location);
            case NameExpression name:
                return BindName(name, context);
            case TensorExpression tensor when IsIndexPredicate(tensor.Reference.Name.Text):
                return BindIndexPredicate(tensor.Reference, context);
            case TensorExpression tensor:
                return BindReference(tensor.Reference, context, isTarget: false) is { } reference
                    ? new BoundTensorRead(reference)
                    : new BoundConstant(0, location);
            case SyntaxCall call:
                return BindCall(call, context);
            case NegateExpression negate:
                return new BoundUnary(UnaryOperator.Negate, BindExpression(negate.Operand, context), location);
            case SyntaxBinary binary:
                return new BoundBinary(BindExpression(binary.Left, context), binary.Operator, BindExpression(binary.Right, context), location);
            default:
                throw new InvalidOperationException($"unexpected expression {expression.GetType().Name}");
        }
    }

    /// <summary>A bare name: an index value if it is one of the equation's variables, else a scalar.</summary>
    private BoundExpression BindName(NameExpression name, BindingContext context)
    {
        var location = At(context.Statement, name);
        var text = name.Name.Text;
        if (!name.Name.IsCapitalized && context.Variables.TryGetValue(text, out var variable))
        {
            if (variable.Domain.Kind == DomainKind.Symbol)
            {
                _diagnostics.Report(Catalog.SymbolArithmetic, location,
                    $"index '{text}' ranges over symbols, so it has no numeric value");
            }
            return new BoundIndexValue(new VariableIndex(variable), location);
        }
        if (Find(text) is not { } info)
            return new BoundConstant(0, location);
        if (info.Symbol.ConstantValue is { } value)
            return new BoundConstant(value, location);
        return new BoundTensorRead(new BoundTensorRef(info.Symbol, [], null, location));
    }

    private BoundExpression BindIndexPredicate(TensorReference reference, BindingContext context)
    {
        var location = At(context.Statement, reference);
        var kind = reference.Name.Text == "Even" ? IndexPredicateKind.Even : IndexPredicateKind.Odd;
        if (reference.Indices is not [PlainIndex { Expression: var expression }])
        {
            _diagnostics.Report(Catalog.ArgumentCount, location, $"the built-in relation '{reference.Name.Text}' takes one index");
            return new BoundConstant(0, location);
        }
        var index = BindIndex(expression, null, context);
        return index is null ? new BoundConstant(0, location) : new BoundIndexPredicate(kind, index, location);
    }

    private BoundExpression BindCall(SyntaxCall call, BindingContext context)
    {
        var location = At(context.Statement, call);
        var name = call.Function.Text;
        if (BuiltinFunction.Find(name) is not { } function)
        {
            var help = NameSuggestions.Help(name, BuiltinFunction.Names)
                ?? (Find(char.ToUpperInvariant(name[0]) + name[1..]) is not null ? $"'{char.ToUpperInvariant(name[0]) + name[1..]}' is a tensor; tensor names are capitalized" : null)
                ?? $"the functions are {string.Join(", ", BuiltinFunction.Functions.Select(f => f.Name))}";
            _diagnostics.Report(Catalog.UnknownFunction, At(context.Statement, call.Function), $"unknown function '{name}'", help);
            return new BoundConstant(0, location);
        }
        if (function.Kind != FunctionKind.Elementwise)
        {
            _diagnostics.Report(Catalog.NormalizationNotOutermost, At(context.Statement, call.Function),
                $"'{name}' must be the outermost function of the right-hand side",
                function.Kind == FunctionKind.Concat
                    ? "write it as its own equation: Merge[b, p, dm] = concat(Attn[b, h, p, dv])"
                    : $"it normalizes along the left-hand side's dotted axis; give it its own equation, e.g. P[i, j.] = {name}(...)");
            return new BoundConstant(0, location);
        }
        if (!CheckArguments(call, function, context))
            return new BoundConstant(0, location);
        return new BoundCall(function, [.. call.Arguments.Select(a => BindExpression(a, context))], location);
    }

    /// <summary>
    /// <c>(X[i, j] X[i', j])^n</c> raises each product to the n-th power before summing over j, which is
    /// rarely what is meant (the polynomial kernel needs the power of the sum).
    /// </summary>
    private void WarnPowerOfSum(Expression term, List<IndexVariable> lhsVariables, BindingContext context)
    {
        var summed = context.Variables.Values.Except(lhsVariables).Select(v => v.Name).ToHashSet();
        foreach (var power in Descendants(term).OfType<SyntaxBinary>().Where(b => b.Operator == BinaryOperator.Power))
        {
            if (power.Left is not SyntaxBinary { Operator: BinaryOperator.Join } product)
                continue;
            var inside = RhsVariableNames(product).Where(summed.Contains).ToList();
            if (inside.Count == 0)
                continue;
            _diagnostics.Report(Catalog.PowerOfSum, At(context.Statement, power),
                $"'^' applies to each product before the sum over {string.Join(", ", inside)}",
                $"to raise the sum to a power, write pow({Formatter.Format(product)}, {Formatter.Format(power.Right)})");
        }
    }
}
