using System.Linq.Expressions;
using TensorLogic.Compiler.IR;
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
    private readonly Dictionary<IrIndexExpression, ParameterExpression> _indices = [];

    public List<ParameterExpression> Locals { get; } = [];

    public ParameterExpression Local(Type type, string name)
    {
        var local = Expression.Variable(type, name);
        Locals.Add(local);
        return local;
    }

    public ParameterExpression Variable(IrIndex variable)
    {
        if (!_variables.TryGetValue(variable.Id, out var local))
        {
            local = Local(typeof(int), variable.Name);
            _variables.Add(variable.Id, local);
        }
        return local;
    }

    /// <summary>
    /// The value of an index as a long, exactly as <c>IrIndexExpression.Evaluate</c> computes it. A compound
    /// index is assigned to a local the first time it is asked for, by a statement appended to
    /// <paramref name="statements"/>.
    /// </summary>
    public Expression Long(IrIndexExpression index, List<Expression> statements) => index switch
    {
        IrVariableIndex v => Expression.Convert(Variable(v.Variable), typeof(long)),
        IrConstantIndex c => Expression.Constant((long)c.Value),
        _ => Compound(index, statements),
    };

    /// <summary>The value as an int, for offsets; meaningful once the index has passed its range check.</summary>
    public Expression Int(IrIndexExpression index, List<Expression> statements) => index switch
    {
        IrVariableIndex v => Variable(v.Variable),
        IrConstantIndex c => Expression.Constant(c.Value),
        _ => Expression.Convert(Compound(index, statements), typeof(int)),
    };

    private ParameterExpression Compound(IrIndexExpression index, List<Expression> statements)
    {
        if (_indices.TryGetValue(index, out var local))
            return local;
        Expression value = index switch
        {
            IrArithmeticIndex a => Arithmetic(a, statements),
            IrNegatedIndex n => Expression.Negate(Long(n.Operand, statements)),
            _ => throw new NotSupportedException($"index expression {index.GetType().Name}"),
        };
        local = Local(typeof(long), $"idx{_indices.Count}");
        statements.Add(Expression.Assign(local, value));
        _indices.Add(index, local);
        return local;
    }

    private Expression Arithmetic(IrArithmeticIndex index, List<Expression> statements)
    {
        var left = Long(index.Left, statements);
        var right = Long(index.Right, statements);
        return index.Operator switch
        {
            IndexOperator.Add => Expression.Add(left, right),
            IndexOperator.Subtract => Expression.Subtract(left, right),
            IndexOperator.Multiply => Expression.Multiply(left, right),
            IndexOperator.Divide => Expression.Call(typeof(IndexSemantics), nameof(IndexSemantics.FloorDivide), null, left, right),
            _ => Expression.Call(typeof(IndexSemantics), nameof(IndexSemantics.FloorModulo), null, left, right),
        };
    }
}
