using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.IR;

/// <summary>
/// An index expression of a kernel: it evaluates to an integer under a binding of the equation's variables
/// (by <see cref="IrIndex.Id"/>), with the arithmetic of <see cref="IndexSemantics"/>. Structurally equal
/// expressions are equal, so a loop nest computes each distinct one once.
/// </summary>
public abstract record IrIndexExpression
{
    public abstract long Evaluate(ReadOnlySpan<int> binding);

    /// <summary>The variables it mentions, each once, in order of appearance.</summary>
    public IEnumerable<IrIndex> Variables() => this switch
    {
        IrVariableIndex v => [v.Variable],
        IrArithmeticIndex a => a.Left.Variables().Concat(a.Right.Variables()).Distinct(),
        IrNegatedIndex n => n.Operand.Variables(),
        _ => [],
    };
}

/// <summary><c>i</c> in <c>Y[i] = W[i, j] X[j]</c>: the value of a variable.</summary>
public sealed record IrVariableIndex(IrIndex Variable) : IrIndexExpression
{
    public override long Evaluate(ReadOnlySpan<int> binding) => binding[Variable.Id];

    public override string ToString() => Variable.Name;
}

/// <summary><c>0</c> in <c>Emb[n, 0, d] = X[n, d]</c>, <c>Alice</c> (a symbol's number) or a named constant's value.</summary>
public sealed record IrConstantIndex(int Value, string Text) : IrIndexExpression
{
    public override long Evaluate(ReadOnlySpan<int> binding) => Value;

    public override string ToString() => Text;
}

/// <summary><c>x+dx</c> in <c>F[x] = W[dx] Img[x+dx]</c>, <c>x/S</c> (floor division), <c>h*4+d</c>.</summary>
public sealed record IrArithmeticIndex(IrIndexExpression Left, IndexOperator Operator, IrIndexExpression Right) : IrIndexExpression
{
    public override long Evaluate(ReadOnlySpan<int> binding) =>
        IndexSemantics.Apply(Operator, Left.Evaluate(binding), Right.Evaluate(binding));

    public override string ToString() => $"({Left}{IndexSemantics.Symbol(Operator)}{Right})";
}

/// <summary><c>-i</c> in <c>Y[i] = X[-i + 3]</c>.</summary>
public sealed record IrNegatedIndex(IrIndexExpression Operand) : IrIndexExpression
{
    public override long Evaluate(ReadOnlySpan<int> binding) => -Operand.Evaluate(binding);

    public override string ToString() => $"-{Operand}";
}
