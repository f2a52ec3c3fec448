using System.Linq.Expressions;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;
using Expression = System.Linq.Expressions.Expression;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// The locals of a loop nest being built: one int per index variable, and one long per compound index
/// expression (<c>x+dx</c>), computed once at the level where it becomes known and shared by every
/// tensor access, comparison and index value that mentions it. All locals are declared at the top of the
/// compiled method; the nest is a single chain of scopes, so a value assigned at one level is valid in
/// every deeper one.
/// </summary>
internal sealed class NestScope
{
    private readonly Dictionary<int, ParameterExpression> _variables = [];
    private readonly Dictionary<BoundIndex, ParameterExpression> _indices = [];

    public List<ParameterExpression> Locals { get; } = [];

    public ParameterExpression Local(Type type, string name)
    {
        var local = Expression.Variable(type, name);
        Locals.Add(local);
        return local;
    }

    public ParameterExpression Variable(IndexVariable variable)
    {
        if (!_variables.TryGetValue(variable.Ordinal, out var local))
        {
            local = Local(typeof(int), variable.Name);
            _variables.Add(variable.Ordinal, local);
        }
        return local;
    }

    /// <summary>
    /// The value of an index as a long, exactly as <c>BoundIndex.Evaluate</c> computes it. A compound
    /// index is assigned to a local the first time it is asked for, by a statement appended to
    /// <paramref name="statements"/>.
    /// </summary>
    public Expression Long(BoundIndex index, List<Expression> statements) => index switch
    {
        VariableIndex v => Expression.Convert(Variable(v.Variable), typeof(long)),
        ConstantIndex c => Expression.Constant((long)c.Value),
        _ => Compound(index, statements),
    };

    /// <summary>The value as an int, for offsets; meaningful once the index has passed its range check.</summary>
    public Expression Int(BoundIndex index, List<Expression> statements) => index switch
    {
        VariableIndex v => Variable(v.Variable),
        ConstantIndex c => Expression.Constant(c.Value),
        _ => Expression.Convert(Compound(index, statements), typeof(int)),
    };

    private ParameterExpression Compound(BoundIndex index, List<Expression> statements)
    {
        if (_indices.TryGetValue(index, out var local))
            return local;
        Expression value = index switch
        {
            ArithmeticIndex a => Arithmetic(a, statements),
            NegatedIndex n => Expression.Negate(Long(n.Operand, statements)),
            _ => throw new NotSupportedException($"index expression {index.GetType().Name}"),
        };
        local = Local(typeof(long), $"idx{_indices.Count}");
        statements.Add(Expression.Assign(local, value));
        _indices.Add(index, local);
        return local;
    }

    private Expression Arithmetic(ArithmeticIndex index, List<Expression> statements)
    {
        var left = Long(index.Left, statements);
        var right = Long(index.Right, statements);
        return index.Operator switch
        {
            IndexOperator.Add => Expression.Add(left, right),
            IndexOperator.Subtract => Expression.Subtract(left, right),
            IndexOperator.Multiply => Expression.Multiply(left, right),
            IndexOperator.Divide => Expression.Call(typeof(IndexMath), nameof(IndexMath.FloorDivide), null, left, right),
            _ => Expression.Call(typeof(IndexMath), nameof(IndexMath.FloorModulo), null, left, right),
        };
    }
}
