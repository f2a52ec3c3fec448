using System.Linq.Expressions;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>Generator loops, and what happens to each binding: its value combined into its cell.</summary>
internal sealed partial class LoopNestCompiler<T>
{
    /// <summary>
    /// Looks up the tuples agreeing with the known positions, then per tuple binds the new variables and
    /// compares the positions computed from them (<c>R(x, x)</c>, <c>R(x, x+1)</c>) with the tuple.
    /// </summary>
    private Expression GeneratorLoop(int level, GeneratorLevel generator)
    {
        var tensor = generator.Read.Access.Tensor;
        var relation = RelationSlot(tensor);
        var pattern = ScratchSlot(tensor.Rank, $"{tensor.Name}_pattern");
        var statements = new List<Expression>();
        for (var p = 0; p < generator.Positions.Length; p++)
        {
            var position = generator.Positions[p];
            var value = position.Kind == GeneratorPositionKind.Pattern ? _scope.Int(position.Index, statements) : Expression.Constant(-1);
            statements.Add(Expression.Assign(Expression.ArrayAccess(pattern, Expression.Constant(p)), value));
        }
        var tuples = _scope.Local(typeof(IReadOnlyList<int[]>), $"{tensor.Name}_tuples");
        var count = _scope.Local(typeof(int), $"{tensor.Name}_count");
        var k = _scope.Local(typeof(int), $"{tensor.Name}_k");
        var tuple = _scope.Local(typeof(int[]), $"{tensor.Name}_tuple");
        statements.Add(Expression.Assign(tuples, Expression.Call(typeof(RelationProbes), nameof(RelationProbes.Match), null, relation, pattern)));
        statements.Add(Expression.Assign(count, Expression.Property(tuples, typeof(IReadOnlyCollection<int[]>).GetProperty("Count")!)));
        statements.Add(Expression.Assign(k, Expression.Constant(0)));

        var next = Expression.Label($"next_{tensor.Name}");
        var exit = Expression.Label($"exit_{tensor.Name}");
        var body = new List<Expression>
        {
            Expression.IfThen(Expression.GreaterThanOrEqual(k, count), Expression.Break(exit)),
            Expression.Assign(tuple, Expression.Call(tuples, typeof(IReadOnlyList<int[]>).GetMethod("get_Item")!, k)),
        };
        for (var p = 0; p < generator.Positions.Length; p++)
        {
            var position = generator.Positions[p];
            var element = Expression.ArrayIndex(tuple, Expression.Constant(p));
            if (position.Kind == GeneratorPositionKind.Bind)
                body.Add(Expression.Assign(_scope.Variable(((IrVariableIndex)position.Index).Variable), element));
        }
        for (var p = 0; p < generator.Positions.Length; p++)
        {
            var position = generator.Positions[p];
            if (position.Kind != GeneratorPositionKind.Check)
                continue;
            var element = Expression.Convert(Expression.ArrayIndex(tuple, Expression.Constant(p)), typeof(long));
            body.Add(Expression.IfThen(Expression.NotEqual(_scope.Long(position.Index, body), element), Expression.Goto(next)));
        }
        body.Add(Level(level, next));
        body.Add(Expression.Label(next));
        body.Add(Expression.PreIncrementAssign(k));
        statements.Add(Expression.Loop(Expression.Block(body), exit));
        return Expression.Block(statements);
    }

    /// <summary>The binding's value, sign · Π factors, combined into the register or straight into the cell.</summary>
    private Expression Innermost()
    {
        var value = Product();
        if (_plan.ReducesInRegisters)
        {
            return Expression.Block(
                Expression.Assign(_accumulated, Combine(_accumulated, value)),
                Expression.PreIncrementAssign(_reached));
        }
        return Store(value, Expression.Constant(1));
    }

    /// <summary>Multiplied in factor order from the sign, as the reference does; a sign of ±1 costs nothing.</summary>
    private Expression Product()
    {
        if (_factors.Count == 0)
            return ValueCode<T>.Constant((double)_term.Sign);
        Expression product = _term.Sign switch
        {
            1 => _factors[0].Local,
            -1 => Expression.Negate(_factors[0].Local),
            _ => Expression.Multiply(ValueCode<T>.Constant((double)_term.Sign), _factors[0].Local),
        };
        foreach (var factor in _factors.Skip(1))
            product = Expression.Multiply(product, factor.Local);
        return product;
    }

    /// <summary>
    /// Combines <paramref name="count"/> bindings' aggregated <paramref name="value"/> into the target cell:
    /// a cell no binding reached yet takes the value. This is <see cref="Accumulation{T}.Add"/> spelled out
    /// with the cell's count as its "first" test, so the aggregation's branch is chosen here, once, and not
    /// per binding; AccumulationAgreementTests checks the two agree.
    /// </summary>
    private Expression Store(Expression value, Expression count)
    {
        var offset = _target.Offset;
        var reached = _scope.Local(typeof(int), "reached");
        var cell = Expression.ArrayAccess(_cellValues, offset);
        return Expression.Block(
            Expression.Assign(reached, Expression.ArrayIndex(_cellCounts, offset)),
            Expression.Assign(cell, Expression.Condition(
                Expression.Equal(reached, Expression.Constant(0)), value, Combine(Expression.ArrayIndex(_cellValues, offset), value))),
            Expression.Assign(Expression.ArrayAccess(_cellCounts, offset), Expression.Add(reached, count)));
    }

    /// <summary>The shared combiner for the aggregation, a static call the JIT inlines.</summary>
    private Expression Combine(Expression current, Expression value) =>
        Expression.Call(Accumulation<T>.CombineMethod(_aggregation), current, value);

    /// <summary>The register's starting value, which the first binding's value passes through unchanged.</summary>
    private T Identity() => Accumulation<T>.Identity(_aggregation);
}
