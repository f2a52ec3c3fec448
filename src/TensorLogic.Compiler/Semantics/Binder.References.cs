using System.Collections.Immutable;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Formatting;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// Binding of tensor references and index expressions, shared by equations, rules and queries.
public sealed partial class Binder
{
    private BoundTensorRef? BindReference(TensorReference reference, BindingContext context, bool isTarget)
    {
        if (Find(reference.Name.Text) is not { } info)
            return null;
        var location = At(context.Statement, reference);
        var indices = ImmutableArray.CreateBuilder<BoundIndex>();
        VirtualIndexUse? virtualUse = null;
        for (var written = 0; written < reference.Indices.Length; written++)
        {
            var item = reference.Indices[written];
            var domain = indices.Count < info.Symbol.Rank ? info.Symbol.Domains[indices.Count] : null;
            switch (item)
            {
                case VirtualIndex virtualIndex:
                    virtualUse = BindVirtual(virtualIndex, written, context);
                    break;
                case SliceIndex slice when context.Slices.TryGetValue(slice, out var sliceVariable):
                    var from = slice.From is null ? 0 : ConstantIndexValue(context.Statement, slice.From) ?? 0;
                    BoundIndex sliced = new VariableIndex(sliceVariable);
                    if (from != 0)
                        sliced = new ArithmeticIndex(sliced, IndexOperator.Add, new ConstantIndex((int)from, from.ToString()));
                    indices.Add(sliced);
                    break;
                case PlainIndex plain:
                    indices.Add(BindIndex(plain.Expression, domain, context) ?? new ConstantIndex(0, "?"));
                    break;
            }
        }
        if (isTarget && reference.Style == ReferenceStyle.Scalar)
        {
            // Y = X[4:8]: a bare target takes the slice variables as its indices.
            foreach (var slice in context.Slices.Values.Take(info.Symbol.Rank))
                indices.Add(new VariableIndex(slice));
        }
        return new BoundTensorRef(info.Symbol, indices.ToImmutable(), virtualUse, location);
    }

    /// <summary><c>*t</c> or <c>*t+1</c>: a loop variable and an offset of 0 or 1.</summary>
    private VirtualIndexUse? BindVirtual(VirtualIndex item, int position, BindingContext context)
    {
        var (name, offset) = item.Expression switch
        {
            IndexName { Name.IsCapitalized: false } n => (n.Name.Text, 0L),
            IndexBinary { Operator: IndexOperator.Add, Left: IndexName { Name.IsCapitalized: false } n, Right: var right }
                when ConstantIndexValue(context.Statement, right) is { } c => (n.Name.Text, c),
            _ => (null, 0L),
        };
        if (name is null || offset is < 0 or > 1 || !context.Variables.TryGetValue(name, out var variable))
        {
            _diagnostics.Report(Catalog.VirtualIndexMisuse, At(context.Statement, item),
                "a virtual index is written *t (the current step) or *t+1 (the next step)");
            return null;
        }
        return new VirtualIndexUse(variable, (int)offset, position);
    }

    /// <summary>Resolves an index expression; constants are numbered in <paramref name="domain"/> if it holds symbols.</summary>
    private BoundIndex? BindIndex(IndexExpression expression, Domain? domain, BindingContext context)
    {
        switch (expression)
        {
            case IndexName { Name.IsCapitalized: false } name:
                return context.Variables.TryGetValue(name.Name.Text, out var variable) ? new VariableIndex(variable) : null;
            case IndexName name when IndexConstant(name, context.Statement) is { } value:
                return new ConstantIndex(value, name.Name.Text);
            case IndexName name:
                return SymbolIndex(name.Name.Text, domain, expression, context);
            case IndexSymbol symbol:
                return SymbolIndex(symbol.Value, domain, expression, context);
            case IndexNumber number when domain is { Kind: DomainKind.Symbol }:
                return SymbolIndex(number.Value.ToString(), domain, expression, context);
            case IndexNumber number:
                return new ConstantIndex((int)number.Value, number.Value.ToString());
            case IndexNegate or IndexBinary when domain is { Kind: DomainKind.Symbol }:
                _diagnostics.Report(Catalog.SymbolArithmetic, At(context.Statement, expression),
                    $"index arithmetic on the symbol domain {domain.Name}", "only integer indices can be computed with");
                return null;
            case IndexNegate or IndexBinary when SymbolVariable(expression, context) is { } symbolic:
                _diagnostics.Report(Catalog.SymbolArithmetic, At(context.Statement, expression),
                    $"index arithmetic on '{symbolic.Name}', which ranges over the symbols of {symbolic.Domain.Name}",
                    "only integer indices can be computed with");
                return null;
            case IndexNegate negate:
                return BindIndex(negate.Operand, null, context) is { } operand ? new NegatedIndex(operand) : null;
            case IndexBinary binary:
                var left = BindIndex(binary.Left, null, context);
                var right = BindIndex(binary.Right, null, context);
                return left is null || right is null ? null : new ArithmeticIndex(left, binary.Operator, right);
            default:
                return null;
        }
    }

    private static IndexVariable? SymbolVariable(IndexExpression expression, BindingContext context) =>
        IndexNames(expression)
            .Select(n => context.Variables.GetValueOrDefault(n.Text))
            .FirstOrDefault(v => v?.Domain.Kind == DomainKind.Symbol);

    private BoundIndex? SymbolIndex(string text, Domain? domain, IndexExpression where, BindingContext context)
    {
        if (domain is { Kind: DomainKind.Symbol } && domain.Symbols.TryGetId(text, out var id))
            return new ConstantIndex(id, text);
        if (domain is { Kind: DomainKind.Integer })
        {
            _diagnostics.Report(Catalog.DomainKindMismatch, At(context.Statement, where),
                $"'{text}' is a symbol, but the domain {domain.Name} holds integers",
                Find(text) is { } tensor && tensor.Symbol.ConstantValue is null
                    ? $"'{text}' is a tensor, not a constant; only a scalar defined by a number (like S = 2) can be used as an index"
                    : null);
            return null;
        }
        return new ConstantIndex(-1, text);
    }

    /// <summary>
    /// Rewrites the concat target: <c>Merge[b, p, dm] = concat(Attn[b, h, p, dv])</c> writes
    /// <c>Merge[b, p, h*|dv| + dv]</c>, flattening the right-only variables row-major.
    /// </summary>
    private BoundTensorRef? BindConcatTarget(EquationStatement equation, BindingContext context)
    {
        var target = BindReference(equation.Target, context, isTarget: true);
        if (target is null)
            return null;
        var rhsNames = RhsVariableNames(((CallExpression)equation.Value).Arguments[0]).ToHashSet();
        var lhsNames = equation.Target.Indices.SelectMany(IndexNames).Select(n => n.Text).ToHashSet();
        var flattened = RhsVariableNames(equation.Value).Where(n => !lhsNames.Contains(n)).Select(n => context.Variables[n]).ToList();
        var indices = target.Indices.ToBuilder();
        var items = equation.Target.Indices.Where(i => i is not VirtualIndex).ToList();
        for (var p = 0; p < indices.Count && p < items.Count; p++)
        {
            if (items[p] is not PlainIndex { Expression: IndexName { Name.IsCapitalized: false } name } || rhsNames.Contains(name.Name.Text))
                continue;
            BoundIndex combined = new VariableIndex(flattened[0]);
            foreach (var next in flattened.Skip(1))
            {
                var size = next.Domain.Size;
                combined = new ArithmeticIndex(
                    new ArithmeticIndex(combined, IndexOperator.Multiply, new ConstantIndex(size, size.ToString())),
                    IndexOperator.Add,
                    new VariableIndex(next));
            }
            indices[p] = combined;
        }
        return target with { Indices = indices.ToImmutable() };
    }

    /// <summary>A sequential loop reads the target only at its current step (<c>*t</c>).</summary>
    private void CheckVirtualLoop(BoundTensorRef target, List<BoundTerm> terms)
    {
        var reads = terms.SelectMany(t => t.Factors).SelectMany(BoundExpressions.ReadsIn).ToList();
        foreach (var read in reads.Where(r => r.Virtual is not null))
        {
            if (target.Virtual is null || read.Virtual!.Variable != target.Virtual.Variable || read.Virtual.Offset != 0)
            {
                _diagnostics.Report(Catalog.VirtualIndexMisuse, read.Location,
                    target.Virtual is null
                        ? $"'{read.Tensor.Name}' is read at a virtual index, but the equation's left-hand side has no virtual index to loop over"
                        : $"inside the loop over '{target.Virtual.Variable.Name}', read the current step as *{target.Virtual.Variable.Name}",
                    "write X[i, *t+1] = f(... X[j, *t] ...): the loop runs over t and keeps only the current step");
            }
        }
        if (target.Virtual is { } loop && loop.Variable.Domain.Size == 0)
        {
            _diagnostics.Report(Catalog.UnknownSize, target.Location,
                $"the loop index '{loop.Variable.Name}' has no size: use it as an ordinary index elsewhere (U[j, {loop.Variable.Name}]) or declare that tensor");
        }
    }

    /// <summary>
    /// <c>Stream[b, p, d.] = lnorm(... + Stream[b, p, d])</c> reads the cell it writes. As a fixpoint
    /// equation that is almost never what is meant (the paper means an in-place update), so it is rejected
    /// with the rewrite that says what is meant.
    /// </summary>
    private void CheckSelfReference(EquationStatement equation, BoundTensorRef target, List<BoundTerm> terms)
    {
        // A declared tensor marks the recursion as intended: X : real, X = 0.5 X + 1 is a fixpoint to iterate.
        if (target.Tensor.IsBoolean || target.Tensor.IsDeclared || target.Virtual is not null || target.Indices.Any(i => i is not VariableIndex))
            return;
        foreach (var read in terms.SelectMany(t => t.Factors).SelectMany(BoundExpressions.ReadsIn))
        {
            if (read.Tensor != target.Tensor || !read.Indices.SequenceEqual(target.Indices))
                continue;
            var name = target.Tensor.Name;
            var fresh = name + "1";
            _diagnostics.Report(Catalog.SelfReferentialUpdate, read.Location,
                $"'{name}' is computed from itself at the same indices, which makes this a fixpoint equation, not an update",
                $"name the updated value: {Formatter.Format(equation with { Target = equation.Target with { Name = equation.Target.Name with { Text = fresh } } })}, and use {fresh} afterwards; or, if a fixpoint is meant, declare '{name}'");
            return;
        }
    }
}
