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
    public override long Evaluate(ReadOnlySpan<int> binding)
    {
        var left = Left.Evaluate(binding);
        var right = Right.Evaluate(binding);
        // An invalid operand (a division by zero below) makes the whole expression invalid.
        if (left == long.MinValue || right == long.MinValue)
            return long.MinValue;
        return Operator switch
        {
            IndexOperator.Add => left + right,
            IndexOperator.Subtract => left - right,
            IndexOperator.Multiply => left * right,
            // A zero divisor makes the binding invalid: long.MinValue is outside every domain.
            IndexOperator.Divide => right == 0 ? long.MinValue : FloorDivide(left, right),
            _ => right == 0 ? long.MinValue : left - right * FloorDivide(left, right),
        };
    }

    private static long FloorDivide(long a, long b)
    {
        var q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    public override string ToString()
    {
        var op = Operator switch
        {
            IndexOperator.Add => "+",
            IndexOperator.Subtract => "-",
            IndexOperator.Multiply => "*",
            IndexOperator.Divide => "/",
            _ => "%",
        };
        return $"({Left}{op}{Right})";
    }
}

public sealed record NegatedIndex(BoundIndex Operand) : BoundIndex
{
    public override long Evaluate(ReadOnlySpan<int> binding) => -Operand.Evaluate(binding);

    public override string ToString() => $"-{Operand}";
}
