using System.Collections.Immutable;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Loading;

/// <summary>
/// Rewrites the names of a statement as its <see cref="ModuleScope"/> says, so that the binder sees one flat
/// program. In an instance imported <c>as enc with X=Features</c> of a module defining H:
/// <code>
/// H[n, h] = relu(W[h, i] X[n, i])   -----&gt;   enc.H[n, h] = relu(enc.W[h, i] Features[n, i])
/// </code>
/// Index variables, functions and symbols are never renamed; spans are kept, so a diagnostic about
/// <c>enc.H</c> still points at the module's line.
/// </summary>
internal sealed class ScopeRewriter(ModuleScope scope)
{
    public Statement Rewrite(Statement statement) => statement switch
    {
        EquationStatement e => e with { Target = Reference(e.Target), Value = Expression(e.Value) },
        LiteralStatement l => l with { Target = Reference(l.Target) },
        FileReadStatement r => r with { Target = Reference(r.Target) },
        FileWriteStatement w => w with { Source = Reference(w.Source) },
        RuleStatement r => r with { Head = Reference(r.Head), Body = [.. r.Body.Select(Literal)] },
        FactStatement f => f with { Fact = Reference(f.Fact) },
        QueryStatement q => q with { Target = Reference(q.Target) },
        DeclarationStatement d => d with { Name = scope.Tensor(d.Name), Dimensions = [.. d.Dimensions.Select(Dimension)] },
        LearnStatement l => l with { Loss = scope.Tensor(l.Loss), Learned = Tensors(l.Learned), Settings = Settings(l.Settings) },
        FixedStatement f => f with { Tensors = Tensors(f.Tensors) },
        InitStatement i => i with { Tensors = Tensors(i.Tensors), Settings = Settings(i.Settings) },
        _ => statement,
    };

    private ImmutableArray<Identifier> Tensors(ImmutableArray<Identifier> names) => [.. names.Select(scope.Tensor)];

    // A directive's setting may name a tensor (out=O) or an index variable (examples=e).
    private ImmutableArray<Setting> Settings(ImmutableArray<Setting> settings) =>
        [.. settings.Select(s => s.Value is NameSettingValue name ? s with { Value = name with { Name = scope.Value(name.Name) } } : s)];

    // A named domain stays global (Person), unless it is one of the module's constants or parameters (Hidden).
    private Dimension Dimension(Dimension dimension) =>
        dimension is NamedDimension named ? named with { Name = scope.Value(named.Name) } : dimension;

    private TensorReference Reference(TensorReference reference) =>
        reference with { Name = scope.Tensor(reference.Name), Indices = [.. reference.Indices.Select(Index)] };

    private BodyLiteral Literal(BodyLiteral literal) => literal switch
    {
        AtomLiteral atom => atom with { Atom = Reference(atom.Atom) },
        ComparisonLiteral comparison => comparison with { Left = Index(comparison.Left), Right = Index(comparison.Right) },
        _ => literal,
    };

    private IndexItem Index(IndexItem item) => item switch
    {
        PlainIndex plain => plain with { Expression = Index(plain.Expression) },
        VirtualIndex virtualIndex => virtualIndex with { Expression = Index(virtualIndex.Expression) },
        SliceIndex slice => slice with { From = slice.From is null ? null : Index(slice.From), To = slice.To is null ? null : Index(slice.To) },
        _ => item,
    };

    private IndexExpression Index(IndexExpression expression) => expression switch
    {
        IndexName { Name.IsCapitalized: true } name => name with { Name = scope.Value(name.Name) },
        IndexBinary binary => binary with { Left = Index(binary.Left), Right = Index(binary.Right) },
        IndexNegate negate => negate with { Operand = Index(negate.Operand) },
        _ => expression,
    };

    private Expression Expression(Expression expression) => expression switch
    {
        NameExpression { Name.IsCapitalized: true } name => name with { Name = scope.Tensor(name.Name) },
        NameExpression name => name with { Name = scope.Value(name.Name) },
        TensorExpression tensor => tensor with { Reference = Reference(tensor.Reference) },
        CallExpression call => call with { Arguments = [.. call.Arguments.Select(Expression)] },
        NegateExpression negate => negate with { Operand = Expression(negate.Operand) },
        BinaryExpression binary => binary with { Left = Expression(binary.Left), Right = Expression(binary.Right) },
        _ => expression,
    };
}
