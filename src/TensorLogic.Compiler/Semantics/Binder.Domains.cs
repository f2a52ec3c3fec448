using System.Collections.Immutable;
using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// Pass 4: index domains. Every tensor position and every variable of a statement is a union-find node;
// a variable written at a position joins the two. Constants, literals, declarations and data add evidence
// (sizes, symbols). Index arithmetic links softly: in Image[x+dx] the position's domain is given to x only
// if nothing else sizes x; on a left-hand side, Pooled[x/S] derives the position's size from x's.
public sealed partial class Binder
{
    /// <summary>The variables of one statement, and the anonymous variables its slices introduce.</summary>
    private sealed class Scope
    {
        public Dictionary<string, DomainNode> Variables { get; } = new(StringComparer.Ordinal);
        public Dictionary<SliceIndex, DomainNode> Slices { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>
        /// The left-hand-side variable a slice's positions bind, e.g. q in <c>X[q, j] = F[8:10, j]</c>: the two are
        /// one variable, so X[0, j] = F[8, j] and X[1, j] = F[9, j].
        /// </summary>
        public Dictionary<SliceIndex, string> SliceTargets { get; } = new(ReferenceEqualityComparer.Instance);

        public DomainNode Variable(string name, SourceLocation location)
        {
            if (!Variables.TryGetValue(name, out var node))
            {
                node = new DomainNode(name, location) { VariableName = name };
                Variables.Add(name, node);
            }
            return node;
        }
    }

    private abstract record SizeConstraint(DomainNode Position);

    /// <summary>Position size ≥ 1 + the largest value of <see cref="Expression"/> (<c>Pooled[x/S]</c>).</summary>
    private sealed record DerivedSize(DomainNode Position, IndexExpression Expression, Scope Scope, SourceStatement Statement)
        : SizeConstraint(Position);

    /// <summary>Position size ≥ the product of the flattened variables' sizes (<c>concat</c>).</summary>
    private sealed record ProductSize(DomainNode Position, ImmutableArray<DomainNode> Factors) : SizeConstraint(Position);

    /// <summary>A slice variable's size: (To ?? size of the sliced position) - (From ?? 0).</summary>
    private sealed record SliceSize(DomainNode Position, DomainNode Sliced, int From, int? To) : SizeConstraint(Position);

    /// <summary>
    /// <c>Image[x+dx]</c> or <c>Y[t+1]</c>: the position may lend its domain to a variable. On a left-hand side,
    /// <see cref="Fallback"/> sizes the position from the variables when none of them is free to take it.
    /// </summary>
    private sealed record ShiftLink(DomainNode Position, ImmutableArray<DomainNode> Candidates, SourceLocation Location, DerivedSize? Fallback);

    private readonly Dictionary<Statement, Scope> _scopes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, DomainNode> _namedDomains = new(StringComparer.Ordinal);
    private readonly List<SizeConstraint> _sizeConstraints = [];
    private readonly List<ShiftLink> _shiftLinks = [];
    private readonly List<DomainNode> _allNodes = [];
    private readonly List<Domain> _domains = [];
    private long _order;

    private Scope ScopeOf(Statement statement)
    {
        if (!_scopes.TryGetValue(statement, out var scope))
        {
            scope = new Scope();
            _scopes.Add(statement, scope);
        }
        return scope;
    }

    private void CollectDomains()
    {
        for (var index = 0; index < _program.Statements.Length; index++)
        {
            var statement = _program.Statements[index];
            // Symbols are numbered by first appearance, statement by statement.
            _order = (long)index << 32;
            switch (statement.Statement)
            {
                case DeclarationStatement declaration:
                    CollectDeclaration(statement, declaration);
                    break;
                case FactStatement fact:
                    CollectFact(statement, fact);
                    break;
                case LiteralStatement literal:
                    CollectLiteral(statement, literal);
                    break;
                case FileReadStatement read when _fileContents.TryGetValue(read, out var content):
                    CollectFile(statement, read, content);
                    break;
                case RuleStatement rule:
                    CollectRule(statement, rule);
                    break;
                case EquationStatement equation:
                    CollectEquation(statement, equation);
                    break;
                case QueryStatement query:
                    CollectQuery(statement, query);
                    break;
            }
        }
        foreach (var info in _tensorOrder)
        {
            _allNodes.AddRange(info.Positions);
            if (info.VirtualNode is { } loop)
                _allNodes.Add(loop);
        }
        foreach (var scope in _scopes.Values)
        {
            _allNodes.AddRange(scope.Variables.Values);
            _allNodes.AddRange(scope.Slices.Values);
        }
    }

    private DomainNode? Position(TensorInfo? info, int position) =>
        info is not null && position < info.Positions.Length ? info.Positions[position] : null;

    private void CollectDeclaration(SourceStatement statement, DeclarationStatement declaration)
    {
        var info = Find(declaration.Name.Text);
        if (info?.Declaration != declaration)
            return;
        for (var p = 0; p < declaration.Dimensions.Length; p++)
        {
            if (Position(info, p) is not { } node)
                continue;
            switch (declaration.Dimensions[p])
            {
                case SizeDimension size:
                    node.SetHardSize(size.Size, $"the declaration of '{info.Name}'", At(statement, size), _diagnostics);
                    break;
                // W : real[N] with N = 3 is a size, not a domain called N.
                case NamedDimension named when ConstantValue(named.Name.Text) is { } value:
                    if (value != Math.Floor(value) || value < 0 || value > int.MaxValue)
                    {
                        _diagnostics.Report(Catalog.NonIntegerIndex, At(statement, named),
                            $"constant '{named.Name.Text}' is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, but a size must be a whole number");
                        break;
                    }
                    node.SetHardSize((int)value, $"the declaration of '{info.Name}'", At(statement, named), _diagnostics);
                    break;
                case NamedDimension named when _namedDomains.TryGetValue(named.Name.Text, out var existing):
                    DomainNode.Union(existing, node, _diagnostics, At(statement, named), null);
                    break;
                case NamedDimension named:
                    var domainNode = new DomainNode(named.Name.Text, At(statement, named));
                    domainNode.SetDeclaredName(named.Name.Text);
                    _namedDomains.Add(named.Name.Text, domainNode);
                    _allNodes.Add(domainNode);
                    DomainNode.Union(domainNode, node, _diagnostics, At(statement, named), null);
                    break;
            }
        }
    }

    private void CollectFact(SourceStatement statement, FactStatement fact)
    {
        var info = Find(fact.Fact.Name.Text);
        for (var p = 0; p < fact.Fact.Indices.Length; p++)
        {
            if (Position(info, p) is not { } node || fact.Fact.Indices[p] is not PlainIndex { Expression: var expression })
                continue;
            if (IndexNames(expression).FirstOrDefault(n => !n.IsCapitalized) is { } variable)
            {
                _diagnostics.Report(Catalog.FactWithVariable, At(statement, variable),
                    $"fact '{fact.Fact.Name.Text}' has the variable '{variable.Text}'; facts are ground",
                    $"write a rule to state it for every value: {fact.Fact.Name.Text}(...) <- ...");
                continue;
            }
            AddConstantEvidence(statement, node, expression);
        }
    }

    /// <summary>A constant in an index position tells the domain about a symbol or an integer.</summary>
    private void AddConstantEvidence(SourceStatement statement, DomainNode node, IndexExpression expression)
    {
        switch (expression)
        {
            case IndexName name when name.Name.IsCapitalized:
                if (IndexConstant(name, statement) is { } value)
                    AddInteger(statement, node, value, name);
                else
                    node.AddSymbol(_order++, name.Name.Text, At(statement, name));
                break;
            case IndexSymbol symbol:
                node.AddSymbol(_order++, symbol.Value, At(statement, symbol));
                break;
            case IndexNumber number:
                AddInteger(statement, node, number.Value, number);
                break;
            case IndexNegate or IndexBinary when ConstantIndexValue(statement, expression) is { } computed:
                AddInteger(statement, node, computed, expression);
                break;
        }
    }

    private void AddInteger(SourceStatement statement, DomainNode node, long value, SyntaxNode where)
    {
        if (value < 0)
        {
            _diagnostics.Report(Catalog.NegativeIndex, At(statement, where), $"index {value} is negative; indices start at 0");
            return;
        }
        node.AddInteger(value, At(statement, where));
    }

    /// <summary>The value of index arithmetic over constants only (<c>L-1</c>), or null.</summary>
    private long? ConstantIndexValue(SourceStatement statement, IndexExpression expression)
    {
        switch (expression)
        {
            case IndexNumber number:
                return number.Value;
            case IndexName name when name.Name.IsCapitalized:
                return IndexConstant(name, statement);
            case IndexNegate negate:
                return -ConstantIndexValue(statement, negate.Operand);
            case IndexBinary binary:
                var left = ConstantIndexValue(statement, binary.Left);
                var right = ConstantIndexValue(statement, binary.Right);
                if (left is not { } l || right is not { } r)
                    return null;
                var scratch = new ArithmeticIndex(new ConstantIndex((int)l, ""), binary.Operator, new ConstantIndex((int)r, ""));
                return scratch.Evaluate([]);
            default:
                return null;
        }
    }

    private void CollectLiteral(SourceStatement statement, LiteralStatement literal)
    {
        var info = Find(literal.Target.Name.Text);
        if (info is null)
            return;
        var shape = new List<int>();
        if (!LiteralShape(literal.Value, 0, shape, statement))
            return;
        for (var p = 0; p < shape.Count; p++)
            Position(info, p)?.SetHardSize(shape[p], $"the literal of '{info.Name}'", At(statement, literal.Value), _diagnostics);
    }

    /// <summary>The shape of a nested list; false (after reporting) when the list is ragged.</summary>
    private bool LiteralShape(TensorLiteral literal, int depth, List<int> shape, SourceStatement statement)
    {
        if (shape.Count == depth)
            shape.Add(literal.Elements.Length);
        else if (shape[depth] != literal.Elements.Length)
        {
            _diagnostics.Report(Catalog.RaggedLiteral, At(statement, literal),
                $"this list has {literal.Elements.Length} elements but the lists beside it have {shape[depth]}",
                "every row of a tensor literal must have the same length");
            return false;
        }
        var nestedCount = literal.Elements.Count(e => e is TensorLiteral);
        if (nestedCount != 0 && nestedCount != literal.Elements.Length)
        {
            _diagnostics.Report(Catalog.RaggedLiteral, At(statement, literal), "this list mixes numbers and lists",
                "every element at one depth must be a number, or every one a list");
            return false;
        }
        foreach (var nested in literal.Elements.OfType<TensorLiteral>())
        {
            if (!LiteralShape(nested, depth + 1, shape, statement))
                return false;
        }
        return true;
    }

    private void CollectFile(SourceStatement statement, FileReadStatement read, DataContent content)
    {
        var info = Find(read.Target.Name.Text);
        if (info is null || info.Rank != FileRank(content, info))
            return;
        var source = $"the file '{read.Path.Value}'";
        switch (content)
        {
            case DenseContent dense:
                for (var p = 0; p < dense.Shape.Length; p++)
                    Position(info, p)?.SetHardSize(dense.Shape[p], source, At(statement, read), _diagnostics);
                break;
            case WordsContent words:
                if (words.Words.Length > 0)
                    info.Positions[0].AddInteger(words.Words.Length - 1, At(statement, read));
                foreach (var word in words.Words)
                    info.Positions[1].AddSymbol(_order++, word, At(statement, read));
                break;
            case TableContent table:
                CollectTable(info, table);
                break;
        }
    }

    private void CollectRule(SourceStatement statement, RuleStatement rule)
    {
        CheckSafety(statement, rule);
        var scope = ScopeOf(rule);
        CollectReference(statement, rule.Head, scope, lhs: true);
        foreach (var literal in rule.Body)
        {
            switch (literal)
            {
                case AtomLiteral atom when !IsIndexPredicate(atom.Atom.Name.Text):
                    CollectReference(statement, atom.Atom, scope, lhs: false);
                    break;
                case AtomLiteral atom:
                    CollectPredicate(statement, atom.Atom, scope);
                    break;
                case ComparisonLiteral comparison:
                    CollectComparison(statement, comparison, scope);
                    break;
            }
        }
    }

    private void CollectPredicate(SourceStatement statement, TensorReference atom, Scope scope)
    {
        foreach (var item in atom.Indices)
        {
            foreach (var name in IndexNames(item).Where(n => !n.IsCapitalized))
                scope.Variable(name.Text, At(statement, name)).AddInteger(0, At(statement, name));
        }
    }

    /// <summary>A symbol compared with a variable belongs to the variable's domain: <c>x != Alice</c>.</summary>
    private void CollectComparison(SourceStatement statement, ComparisonLiteral comparison, Scope scope)
    {
        foreach (var name in IndexNames(comparison.Left).Concat(IndexNames(comparison.Right)).Where(n => !n.IsCapitalized))
            scope.Variable(name.Text, At(statement, name));
        if (comparison.Left is IndexName { Name.IsCapitalized: false } left)
            AddConstantEvidence(statement, scope.Variable(left.Name.Text, At(statement, left)), comparison.Right);
        if (comparison.Right is IndexName { Name.IsCapitalized: false } right)
            AddConstantEvidence(statement, scope.Variable(right.Name.Text, At(statement, right)), comparison.Left);
    }

    private void CollectEquation(SourceStatement statement, EquationStatement equation)
    {
        var scope = ScopeOf(equation);
        var references = Descendants(equation.Value).OfType<TensorExpression>()
            .Select(t => t.Reference)
            .Where(r => !IsIndexPredicate(r.Name.Text))
            .ToList();
        foreach (var reference in references)
            CollectReference(statement, reference, scope, lhs: false);
        CheckVirtualReadsHaveLoop(statement, equation, references);
        foreach (var predicate in Descendants(equation.Value).OfType<TensorExpression>().Where(t => IsIndexPredicate(t.Reference.Name.Text)))
            CollectPredicate(statement, predicate.Reference, scope);
        if (equation.Value is CallExpression concat && BuiltinFunction.Find(concat.Function.Text) is { Kind: FunctionKind.Concat })
            CollectConcatTarget(statement, equation, concat, scope);
        else
            CollectReference(statement, equation.Target, scope, lhs: true);
        LinkSliceTargets(statement, equation, references, scope);
    }

    /// <summary>
    /// <c>Out[i] = H[i, *t]</c> reads a virtual tensor outside any loop over t. Reported here rather than
    /// when binding, because such a t has no size and would otherwise surface as "size cannot be inferred".
    /// </summary>
    private void CheckVirtualReadsHaveLoop(SourceStatement statement, EquationStatement equation, List<TensorReference> references)
    {
        if (equation.Target.Indices.Any(i => i is VirtualIndex))
            return;
        foreach (var reference in references.Where(r => r.Indices.Any(i => i is VirtualIndex)))
        {
            _diagnostics.Report(Catalog.VirtualIndexMisuse, At(statement, reference),
                $"'{reference.Name.Text}' is read at a virtual index, but the equation's left-hand side has no virtual index to loop over",
                "write X[i, *t+1] = f(... X[j, *t] ...): the loop runs over t and keeps only the current step");
        }
    }

    /// <summary>
    /// <c>Merge[b, p, dm] = concat(Attn[b, h, p, dv])</c>: the one LHS variable missing on the right (dm)
    /// takes the flattened right-only variables (h, dv); its position's size is their product.
    /// </summary>
    private void CollectConcatTarget(SourceStatement statement, EquationStatement equation, CallExpression concat, Scope scope)
    {
        var target = Find(equation.Target.Name.Text);
        var rhsNames = RhsVariableNames(concat);
        var lhsItems = equation.Target.Indices;
        var missing = lhsItems.Select((item, p) => (item, p))
            .Where(x => x.item is PlainIndex { Expression: IndexName { Name.IsCapitalized: false } name } && !rhsNames.Contains(name.Name.Text))
            .ToList();
        var lhsNames = lhsItems.SelectMany(IndexNames).Select(n => n.Text).ToHashSet();
        var flattened = rhsNames.Where(n => !lhsNames.Contains(n)).ToList();
        if (missing.Count != 1 || flattened.Count == 0)
        {
            _diagnostics.Report(Catalog.InvalidConcat, At(statement, equation.Target),
                missing.Count != 1
                    ? $"concat needs exactly one index on the left that does not appear on the right; here there are {missing.Count}"
                    : "concat needs indices on the right that do not appear on the left, to flatten",
                "as in Merge[b, p, dm] = concat(Attn[b, h, p, dv]), where dm takes h and dv");
            return;
        }
        for (var p = 0; p < lhsItems.Length; p++)
        {
            if (Position(target, p) is not { } node)
                continue;
            if (p == missing[0].p)
                _sizeConstraints.Add(new ProductSize(node, [.. flattened.Select(n => scope.Variables[n])]));
            else
                CollectIndex(statement, node, lhsItems[p], scope, lhs: true);
        }
    }

    internal static List<string> RhsVariableNames(Expression expression) =>
        Descendants(expression).OfType<TensorExpression>()
            .SelectMany(t => t.Reference.Indices.SelectMany(IndexNames))
            .Where(n => !n.IsCapitalized)
            .Select(n => n.Text)
            .Distinct()
            .ToList();

    /// <summary><c>Y = X[4:8]</c>: a bare target takes the slices' anonymous variables as its indices, in order.</summary>
    private void LinkSliceTargets(SourceStatement statement, EquationStatement equation, List<TensorReference> references, Scope scope)
    {
        var slices = references.SelectMany(r => r.Indices.OfType<SliceIndex>()).Where(scope.Slices.ContainsKey).ToList();
        if (slices.Count == 0 || Find(equation.Target.Name.Text) is not { } target)
            return;
        var rhsNames = RhsVariableNames(equation.Value).ToHashSet();
        var open = equation.Target.Style == ReferenceStyle.Scalar
            ? Enumerable.Range(0, target.Positions.Length).Select(p => (Position: p, Name: (string?)null)).ToList()
            : equation.Target.Indices.Select((item, p) => (item, p))
                .Where(x => x.item is PlainIndex { Expression: IndexName { Name.IsCapitalized: false } n } && !rhsNames.Contains(n.Name.Text))
                .Select(x => (Position: x.p, Name: (string?)((IndexName)((PlainIndex)x.item).Expression).Name.Text))
                .DistinctBy(x => x.Name)
                .ToList();
        for (var i = 0; i < Math.Min(open.Count, slices.Count); i++)
        {
            if (Position(target, open[i].Position) is { } node)
                DomainNode.Union(scope.Slices[slices[i]], node, _diagnostics, At(statement, slices[i]), null);
            if (open[i].Name is { } name)
                scope.SliceTargets[slices[i]] = name;
        }
    }

    /// <summary>
    /// A query's variables take the tensor's domains, but its constants add nothing to them: asking
    /// <c>Ancestor(Alcie, x)?</c> or <c>X[5]?</c> must not make a new person or a longer X. BindQuery
    /// reports constants that are not in the domain.
    /// </summary>
    private void CollectQuery(SourceStatement statement, QueryStatement query)
    {
        if (query.Target.Style == ReferenceStyle.Scalar)
            return;
        var info = Find(query.Target.Name.Text);
        var scope = ScopeOf(query);
        var stored = 0;
        foreach (var item in query.Target.Indices.Where(i => i is not VirtualIndex))
        {
            var node = Position(info, stored++);
            if (node is not null && item is PlainIndex { Expression: IndexName { Name.IsCapitalized: false } })
                CollectIndex(statement, node, item, scope, lhs: false);
        }
    }

    private void CollectReference(SourceStatement statement, TensorReference reference, Scope scope, bool lhs)
    {
        var info = Find(reference.Name.Text);
        var stored = 0;
        foreach (var item in reference.Indices)
        {
            if (item is VirtualIndex virtualIndex)
            {
                foreach (var name in IndexNames(virtualIndex.Expression).Where(n => !n.IsCapitalized))
                    scope.Variable(name.Text, At(statement, name));
                if (info is not null && virtualIndex.Expression is IndexName { Name.IsCapitalized: false } loop)
                {
                    info.VirtualNode ??= new DomainNode($"{info.Name}.*", At(statement, virtualIndex));
                    DomainNode.Union(scope.Variables[loop.Name.Text], info.VirtualNode, _diagnostics, At(statement, loop), loop.Name.Text);
                }
                continue;
            }
            var node = Position(info, stored++);
            if (node is not null)
                CollectIndex(statement, node, item, scope, lhs);
            else
            {
                // A rank error was reported; still know the variables, so later passes need not guess.
                foreach (var name in IndexNames(item).Where(n => !n.IsCapitalized))
                    scope.Variable(name.Text, At(statement, name));
            }
        }
    }

    private void CollectIndex(SourceStatement statement, DomainNode position, IndexItem item, Scope scope, bool lhs)
    {
        switch (item)
        {
            case SliceIndex slice:
                var from = slice.From is null ? 0 : ConstantIndexValue(statement, slice.From);
                var to = slice.To is null ? null : ConstantIndexValue(statement, slice.To);
                if (from is null || (slice.To is not null && to is null))
                {
                    _diagnostics.Report(Catalog.InvalidSlice, At(statement, slice), "slice bounds must be integer constants",
                        "write numbers or named constants, as in X[4:8] or X[0:N]");
                    return;
                }
                if (from < 0 || to < 0 || from >= to)
                {
                    _diagnostics.Report(Catalog.InvalidSlice, At(statement, slice),
                        from >= to ? $"slice '{from}:{to}' selects nothing: it must start before it ends" : "slice bounds count from 0 and cannot be negative",
                        "a slice a:b takes the positions a, a+1, ..., b-1");
                    return;
                }
                var node = new DomainNode("slice", At(statement, slice));
                scope.Slices[slice] = node;
                _sizeConstraints.Add(new SliceSize(node, position, (int)from, (int?)to));
                return;
            case PlainIndex { Expression: IndexName { Name.IsCapitalized: false } name }:
                var variable = scope.Variable(name.Name.Text, At(statement, name));
                DomainNode.Union(variable, position, _diagnostics, At(statement, name), name.Name.Text);
                return;
            case PlainIndex { Expression: var expression }:
                var names = IndexNames(expression).Where(n => !n.IsCapitalized).ToList();
                if (names.Count == 0)
                {
                    AddConstantEvidence(statement, position, expression);
                    return;
                }
                foreach (var n in names)
                    scope.Variable(n.Text, At(statement, n));
                // A non-integer constant (x/S with S = 1.5) is reported now; found while deriving sizes,
                // it would come with a spurious "size cannot be inferred".
                foreach (var constant in NamedConstants(expression))
                    IndexConstant(constant, statement);
                var candidates = ShiftCandidates(expression, positive: true).Select(n => scope.Variables[n.Text]).ToImmutableArray();
                // A pure shift (t+1, x+dx: every variable added) may lend the position's domain to a free variable,
                // on a left-hand side too (a gradient DLoss_dImage[x+dx] = … is sized like Image).
                var isShift = !candidates.IsEmpty && candidates.Length == names.Count;
                if (lhs && !isShift)
                    _sizeConstraints.Add(new DerivedSize(position, expression, scope, statement));
                else if (!candidates.IsEmpty)
                    _shiftLinks.Add(new ShiftLink(position, candidates, At(statement, expression),
                        lhs ? new DerivedSize(position, expression, scope, statement) : null));
                return;
        }
    }

    private static IEnumerable<IndexName> NamedConstants(IndexExpression expression) => expression switch
    {
        IndexName { Name.IsCapitalized: true } name => [name],
        IndexBinary binary => NamedConstants(binary.Left).Concat(NamedConstants(binary.Right)),
        IndexNegate negate => NamedConstants(negate.Operand),
        _ => [],
    };

    /// <summary>The variables that appear as bare added terms (x and dx in x+dx, t in t+1, not x in x/S).</summary>
    private static IEnumerable<Identifier> ShiftCandidates(IndexExpression expression, bool positive) => expression switch
    {
        IndexName { Name.IsCapitalized: false } name when positive => [name.Name],
        IndexBinary { Operator: IndexOperator.Add } add => ShiftCandidates(add.Left, positive).Concat(ShiftCandidates(add.Right, positive)),
        IndexBinary { Operator: IndexOperator.Subtract } subtract => ShiftCandidates(subtract.Left, positive).Concat(ShiftCandidates(subtract.Right, !positive)),
        _ => [],
    };
}
