using System.Text.RegularExpressions;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;
using static TensorLogic.Syntax.Tree.SyntaxFactory;

namespace TensorLogic.Compiler.Differentiation;

/// <summary>
/// Writes checked expressions back as syntax, so that gradient equations can reuse the factors, reads and
/// index expressions of the equations they differentiate and be printed as an ordinary program.
/// </summary>
internal static partial class BoundToSyntax
{
    public static Expression Expression(BoundExpression expression) => expression switch
    {
        BoundConstant constant => Constant(constant.Value),
        BoundTensorRead read => Tensor(Reference(read.Reference)),
        BoundIndexValue { Index: VariableIndex variable } => new NameExpression(Name(variable.Variable.Name), default),
        BoundCall call => Call(call.Function.Name, [.. call.Arguments.Select(Expression)]),
        BoundUnary { Operator: UnaryOperator.Negate } unary => Negate(Expression(unary.Operand)),
        BoundUnary { Operator: UnaryOperator.Reciprocal } unary => Divide(Number(1), Expression(unary.Operand)),
        BoundUnary { Operator: UnaryOperator.Not } unary => Subtract(Number(1), Expression(unary.Operand)),
        BoundBinary binary => new BinaryExpression(Expression(binary.Left), binary.Operator, Expression(binary.Right), default),
        BoundIndexPredicate predicate => Tensor(SyntaxFactory.Reference(predicate.Kind.ToString(), ReferenceStyle.Paren, [Plain(Index(predicate.Index))])),
        _ => throw new NotDifferentiableException("this expression cannot be written in an equation", expression.Location),
    };

    /// <summary>A term as written: its factors joined, a reciprocal as a division.</summary>
    public static Expression Term(BoundTerm term)
    {
        var product = Product(term.Factors);
        return term.Sign < 0 ? Negate(product) : product;
    }

    /// <summary>Factors joined, a reciprocal written as a division; 1 when there are none.</summary>
    public static Expression Product(IEnumerable<BoundExpression> factors)
    {
        Expression product = Number(1);
        foreach (var factor in factors)
        {
            product = factor is BoundUnary { Operator: UnaryOperator.Reciprocal } reciprocal
                ? Divide(product, Expression(reciprocal.Operand))
                : Multiply(product, Expression(factor));
        }
        return product;
    }

    /// <summary>The terms added up: the right-hand side inside the outer function.</summary>
    public static Expression Sum(IEnumerable<BoundTerm> terms) =>
        terms.Aggregate((Expression)Number(0), (sum, term) => Add(sum, Term(term)));

    /// <summary>
    /// An equation as it could have been written: <c>Target[lhs] op= f(Σ terms, extra arguments)</c>, the
    /// normalized axes of its outer function dotted. Its target has no virtual index.
    /// </summary>
    public static EquationStatement Equation(BoundEquation equation)
    {
        var axes = equation.Function?.NormalizedAxes is { IsDefault: false } normalized ? normalized : [];
        var items = equation.Target.Indices.Select((index, p) => (IndexItem)new PlainIndex(Index(index), axes.Contains(p), default));
        var target = SyntaxFactory.Reference(equation.Target.Tensor.Name, equation.Target.Indices.IsEmpty ? ReferenceStyle.Scalar : ReferenceStyle.Bracket, items);
        var value = Sum(equation.Terms);
        if (equation.Function is { } outer)
            value = Call(outer.Function.Name, [value, .. outer.ExtraArguments.Select(Expression)]);
        return SyntaxFactory.Equation(target, Operator(equation.Aggregation), value);
    }

    public static ProjectionOperator Operator(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Max => ProjectionOperator.Max,
        Aggregation.Min => ProjectionOperator.Min,
        Aggregation.Average => ProjectionOperator.Average,
        _ => ProjectionOperator.Assign,
    };

    public static TensorReference Reference(BoundTensorRef reference)
    {
        var items = reference.Indices.Select(i => Plain(Index(i))).ToList();
        if (reference.Virtual is { } loop)
        {
            IndexExpression variable = IndexVariable(loop.Variable.Name);
            if (loop.Offset != 0)
                variable = IndexBinary(variable, IndexOperator.Add, IndexNumber(loop.Offset));
            items.Insert(loop.Position, Virtual(variable));
        }
        var style = reference.Tensor.IsBoolean ? ReferenceStyle.Paren
            : items.Count == 0 ? ReferenceStyle.Scalar
            : ReferenceStyle.Bracket;
        return SyntaxFactory.Reference(reference.Tensor.Name, style, items);
    }

    public static IndexExpression Index(BoundIndex index) => index switch
    {
        VariableIndex { Variable.Name: var name } when name.StartsWith('$') =>
            throw new NotDifferentiableException("a slice cannot be differentiated; name the slice with an equation first", null),
        VariableIndex variable => IndexVariable(variable.Variable.Name),
        ConstantIndex constant => ConstantText(constant),
        ArithmeticIndex arithmetic => IndexBinary(Index(arithmetic.Left), arithmetic.Operator, Index(arithmetic.Right)),
        NegatedIndex negated => IndexNegate(Index(negated.Operand)),
        _ => throw new InvalidOperationException($"unknown index {index.GetType().Name}"),
    };

    /// <summary>A constant as its text was written: a number, a named constant or symbol, or a quoted symbol.</summary>
    private static IndexExpression ConstantText(ConstantIndex constant)
    {
        if (long.TryParse(constant.Text, out var number))
            return IndexNumber(number);
        return NamePattern().IsMatch(constant.Text) ? new IndexName(Name(constant.Text), default) : IndexSymbol(constant.Text);
    }

    [GeneratedRegex(@"^\p{Lu}[\p{L}\p{Nd}_]*'*$")]
    private static partial Regex NamePattern();
}
