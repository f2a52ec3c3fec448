using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

/// <summary>An index variable of one equation or query, with the domain it ranges over.</summary>
public sealed class IndexVariable(string name, Domain domain, int ordinal)
{
    public string Name { get; } = name;
    public Domain Domain { get; } = domain;

    /// <summary>The variable's slot in a binding: equations evaluate with an int[] indexed by ordinal.</summary>
    public int Ordinal { get; } = ordinal;

    public override string ToString() => Name;
}

/// <summary>A resolved index expression; it evaluates to an integer (a symbol's number for symbol domains).</summary>
public abstract record BoundIndex
{
    /// <summary>The value under a binding of the equation's variables (by ordinal).</summary>
    public abstract long Evaluate(ReadOnlySpan<int> binding);

    /// <summary>The variables it mentions, each once, in order of appearance.</summary>
    public IEnumerable<IndexVariable> Variables() => this switch
    {
        VariableIndex v => [v.Variable],
        ArithmeticIndex a => a.Left.Variables().Concat(a.Right.Variables()).Distinct(),
        NegatedIndex n => n.Operand.Variables(),
        _ => [],
    };
}

/// <summary><c>i</c>: the value of a variable.</summary>
public sealed record VariableIndex(IndexVariable Variable) : BoundIndex
{
    public override long Evaluate(ReadOnlySpan<int> binding) => binding[Variable.Ordinal];

    public override string ToString() => Variable.Name;
}

/// <summary><c>0</c>, <c>Alice</c> (a symbol's number) or a named constant's value.</summary>
public sealed record ConstantIndex(int Value, string Text) : BoundIndex
{
    public override long Evaluate(ReadOnlySpan<int> binding) => Value;

    public override string ToString() => Text;
}

/// <summary><c>t+1</c>, <c>x/S</c> (floor division), <c>h*4+d</c>.</summary>
public sealed record ArithmeticIndex(BoundIndex Left, IndexOperator Operator, BoundIndex Right) : BoundIndex
{
    public override long Evaluate(ReadOnlySpan<int> binding) =>
        IndexSemantics.Apply(Operator, Left.Evaluate(binding), Right.Evaluate(binding));

    public override string ToString() => $"({Left}{IndexSemantics.Symbol(Operator)}{Right})";
}

public sealed record NegatedIndex(BoundIndex Operand) : BoundIndex
{
    public override long Evaluate(ReadOnlySpan<int> binding) => -Operand.Evaluate(binding);

    public override string ToString() => $"-{Operand}";
}
