using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// Pass 5: once every statement has been seen, the soft links are made, sizes are derived, and each
// union-find class becomes a Domain with its kind, size and symbol table.
public sealed partial class Binder
{
    private const int MaxSizeRounds = 64;

    private void FinishDomains()
    {
        ApplyShiftLinks();
        var roots = _allNodes.Select(n => n.Find()).Distinct().ToList();
        DeriveSizes();
        foreach (var root in roots)
            root.Domain = MakeDomain(root);
        foreach (var info in _tensorOrder)
            info.Symbol.Domains = [.. info.Positions.Select(p => p.Find().Domain!)];
        CheckSliceBounds();
    }

    /// <summary>A slice must lie inside the position it slices: X[0:5] of a 2-element X is an error, not zero padding.</summary>
    private void CheckSliceBounds()
    {
        foreach (var slice in _sizeConstraints.OfType<SliceSize>())
        {
            var domain = slice.Sliced.Find().Domain!;
            var end = slice.To ?? domain.Size;
            if (end <= domain.Size && slice.From < Math.Max(1, domain.Size))
                continue;
            var text = $"{slice.From}:{slice.To?.ToString() ?? ""}";
            _diagnostics.Report(Catalog.InvalidSlice, slice.Position.Location,
                end > domain.Size
                    ? $"slice '{text}' goes past the end of the domain {domain.Name}, which has size {domain.Size}"
                    : $"slice '{text}' selects nothing: the domain {domain.Name} has size {domain.Size}",
                $"the positions run from 0 to {domain.Size - 1}");
        }
    }

    /// <summary>
    /// In <c>Image[x+dx, ...]</c> the position's domain goes to the first added variable that nothing else
    /// sizes: x takes Image's domain (so a convolution's output has the input's size, zero-padded), while dx
    /// keeps the filter's. When every variable is sized already, a left-hand side such as <c>Y[t+1]</c> takes
    /// its size from them, as <c>Pooled[x/S]</c> does.
    /// </summary>
    private void ApplyShiftLinks()
    {
        foreach (var link in _shiftLinks)
        {
            if (link.Candidates.Any(c => c.Find() == link.Position.Find()))
                continue;
            if (link.Candidates.FirstOrDefault(c => !c.HasSizeEvidence) is { } free)
                DomainNode.Union(free, link.Position, _diagnostics, link.Location, free.VariableName);
            else if (link.Fallback is { } derived)
                _sizeConstraints.Add(derived);
        }
    }

    /// <summary>Sizes that depend on other sizes (<c>x/S</c>, concat, slices), computed to a fixpoint.</summary>
    private void DeriveSizes()
    {
        for (var round = 0; round < MaxSizeRounds; round++)
        {
            var changed = false;
            foreach (var constraint in _sizeConstraints)
            {
                if (ConstraintSize(constraint) is not { } size)
                    continue;
                var root = constraint.Position.Find();
                if (size > (root.DerivedSize ?? -1))
                {
                    root.DerivedSize = size;
                    changed = true;
                }
            }
            if (!changed)
                return;
        }
        var first = _sizeConstraints[0];
        _diagnostics.Report(Catalog.UnknownSize, first.Position.Location,
            "index sizes keep growing: a left-hand-side index expression feeds its own domain",
            "declare the tensor's shape to fix the sizes");
    }

    private int? ConstraintSize(SizeConstraint constraint)
    {
        switch (constraint)
        {
            case ProductSize product:
                var sizes = product.Factors.Select(CurrentSize).ToList();
                return sizes.Any(s => s is null) ? null : sizes.Aggregate(1, (a, s) => a * s!.Value);
            case SliceSize slice:
                var to = slice.To ?? CurrentSize(slice.Sliced);
                return to is null ? null : Math.Max(0, to.Value - slice.From);
            case DerivedSize derived:
                var range = Range(derived.Expression, derived);
                return range is null ? null : (int)Math.Clamp(range.Value.Max + 1, 0, int.MaxValue);
            default:
                return null;
        }
    }

    /// <summary>The size a class has so far, without derived growth beyond its evidence.</summary>
    private static int? CurrentSize(DomainNode node)
    {
        var root = node.Find();
        if (root.HardSize is { } hard)
            return hard;
        if (root.Symbols.Count > 0)
            return root.Symbols.Select(s => s.Name).Concat(root.DataIntegers.Select(d => d.Text)).Distinct().Count();
        var fromIntegers = root.MaxInteger >= 0 ? (int?)(root.MaxInteger + 1) : null;
        return Max(fromIntegers, root.DerivedSize);
    }

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    /// <summary>Interval arithmetic over an index expression, variables ranging over 0..size-1.</summary>
    private (long Min, long Max)? Range(IndexExpression expression, DerivedSize context)
    {
        switch (expression)
        {
            case IndexNumber number:
                return (number.Value, number.Value);
            case IndexName { Name.IsCapitalized: true } name:
                return IndexConstant(name, context.Statement) is { } value ? (value, value) : null;
            case IndexName name:
                var size = CurrentSize(context.Scope.Variables[name.Name.Text]);
                return size is > 0 ? (0, size.Value - 1) : null;
            case IndexNegate negate:
                return Range(negate.Operand, context) is { } r ? (-r.Max, -r.Min) : null;
            case IndexBinary binary:
                if (Range(binary.Left, context) is not { } a || Range(binary.Right, context) is not { } b)
                    return null;
                if (binary.Operator == IndexOperator.Modulo)
                    return b.Min > 0 ? (0, b.Max - 1) : null;
                if (binary.Operator == IndexOperator.Divide && b.Min <= 0)
                    return null;
                long[] corners =
                [
                    Apply(binary.Operator, a.Min, b.Min), Apply(binary.Operator, a.Min, b.Max),
                    Apply(binary.Operator, a.Max, b.Min), Apply(binary.Operator, a.Max, b.Max),
                ];
                return (corners.Min(), corners.Max());
            default:
                return null;
        }
    }

    private static long Apply(IndexOperator op, long a, long b) => op switch
    {
        IndexOperator.Add => a + b,
        IndexOperator.Subtract => a - b,
        IndexOperator.Multiply => a * b,
        _ => (long)Math.Floor((double)a / b),
    };

    private Domain MakeDomain(DomainNode root)
    {
        var name = root.DisplayName;
        var symbols = new SymbolTable();
        if (root.Symbols.Count > 0)
        {
            if (root.IntegerUse is { } integerUse)
            {
                var symbol = root.Symbols.MinBy(s => s.Order);
                _diagnostics.Report(Catalog.DomainKindMismatch, integerUse,
                    $"the domain {name} holds both symbols (like '{symbol.Name}') and numbers",
                    "an index position takes either symbols or integers, not both",
                    new DiagnosticNote(symbol.Location, $"'{symbol.Name}' appears here"));
            }
            var all = root.Symbols.Select(s => (s.Order, s.Name, s.Location))
                .Concat(root.DataIntegers.Select(d => (d.Order, Name: d.Text, d.Location)))
                .OrderBy(s => s.Order);
            foreach (var symbol in all)
                symbols.Intern(symbol.Name);
            return AddDomain(name, DomainKind.Symbol, CheckedSize(root, symbols.Count, "symbols"), symbols);
        }
        if (root.HardSize is null && root.MaxInteger < 0 && root.DerivedSize is null)
        {
            if (root.DeclaredName is null)
                ReportUnknownSize(root);
            return AddDomain(name, DomainKind.Integer, 0, symbols);
        }
        var needed = (int)Math.Min(int.MaxValue, root.MaxInteger + 1);
        var size = root.HardSize is { } hard ? CheckedSize(root, needed, "integers") : Math.Max(needed, root.DerivedSize ?? 0);
        return AddDomain(name, DomainKind.Integer, size, symbols);
    }

    /// <summary>A declared or literal size must hold every value the program and data put in the domain.</summary>
    private int CheckedSize(DomainNode root, int needed, string what)
    {
        if (root.HardSize is not { } hard)
            return needed;
        if (needed > hard)
        {
            var location = what == "symbols" ? root.Symbols.MaxBy(s => s.Order).Location : root.MaxIntegerLocation ?? root.Location;
            _diagnostics.Report(Catalog.DataIndexOutOfRange, location,
                what == "symbols"
                    ? $"the domain {root.DisplayName} has {needed} symbols, more than its size {hard} from {root.HardSizeSource}"
                    : $"index {needed - 1} is outside the domain {root.DisplayName}, whose size is {hard} from {root.HardSizeSource}",
                null,
                root.HardSizeLocation is { } at ? [new DiagnosticNote(at, $"the size {hard} comes from here")] : []);
        }
        return hard;
    }

    private void ReportUnknownSize(DomainNode root)
    {
        var variable = root.FirstVariableName ?? root.VariableName;
        var subject = variable is null ? $"position {root.DisplayName}" : $"index '{variable}'";
        var tensor = (root.FirstPositionLabel ?? root.PositionLabel)?.Split('.')[0];
        _diagnostics.Report(Catalog.UnknownSize, root.Location,
            $"the size of {subject} cannot be inferred: no data, literal, fact or declaration gives it",
            tensor is not null ? $"declare the shape of '{tensor}', e.g. {tensor} : real[10, ...]"
                : variable is not null ? $"use '{variable}' also as an ordinary index of a tensor whose size is known (from data, a literal or a declaration)"
                : "declare the shape of a tensor that uses it");
    }

    private Domain AddDomain(string name, DomainKind kind, int size, SymbolTable symbols)
    {
        var domain = new Domain(_domains.Count, name, kind, size, symbols);
        _domains.Add(domain);
        return domain;
    }
}
