using TensorLogic.Backends.Gpu.Kernels;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// A loop term as the program <see cref="LoopKernels.Interpret"/> runs per binding: the target's positions,
/// then <c>sign · Π factors</c> left to right as the reference multiplies them, with a filter after each
/// top-level Boolean factor. <c>Y[i] max= X[i+1] Even(i)</c> becomes
/// <code>
/// Variable i, Target 1 4,                                  the cell
/// Variable i, IndexConstant 1, IndexArithmetic +, Read X 1 5,   X[i+1]
/// Variable i, Parity Even, Filter, Multiply                  Even(i)
/// </code>
/// Variables live in slots: first the term's own (the ones a launch enumerates), then any other variable an
/// index mentions (only a pin gives it a value).
/// </summary>
internal sealed class LoopProgram
{
    private readonly List<int> _code = [];
    private readonly List<float> _constants = [];
    private readonly List<IrIndex> _slots;
    private readonly List<TensorSymbol> _tensors = [];
    private int _depth;
    private int _indexDepth;
    private int _maxDepth;
    private int _maxIndexDepth;

    private LoopProgram(IrGenericTerm term)
    {
        _slots = [.. term.Variables];
        Enumerated = term.Variables.Length;
    }

    public IReadOnlyList<int> Code => _code;

    public IReadOnlyList<float> Constants => _constants;

    /// <summary>The variable of each slot of a binding.</summary>
    public IReadOnlyList<IrIndex> Slots => _slots;

    /// <summary>How many leading slots are the term's variables, which a launch enumerates unless pinned.</summary>
    public int Enumerated { get; }

    /// <summary>The tensors the program reads, by the number its reads name.</summary>
    public IReadOnlyList<TensorSymbol> Tensors => _tensors;

    /// <summary>Why the term cannot run on the device, or null (then the program is complete).</summary>
    public string? Unsupported { get; private set; }

    public static LoopProgram Compile(IrEquation equation, IrGenericTerm term)
    {
        var program = new LoopProgram(term);
        program.Emit(equation.TargetAccess, target: true);
        var first = true;
        if (term.Sign != 1 || term.Factors.IsEmpty)
        {
            program.Constant(term.Sign);
            first = false;
        }
        foreach (var factor in term.Factors)
        {
            program.Value(factor);
            if (IsFilter(factor))
                program.Op(LoopOp.Filter);
            if (!first)
                program.Op(LoopOp.Multiply, pops: 2, pushes: 1);
            first = false;
        }
        program.Check();
        return program;
    }

    /// <summary>The same classification as the reference's TermEvaluator: these decide whether a binding exists.</summary>
    private static bool IsFilter(IrExpression factor) => factor switch
    {
        IrTensorRead read => read.Access.Tensor.IsBoolean,
        IrUnary { Operator: UnaryOperator.Not } => true,
        IrComparison or IrIndexPredicate => true,
        _ => false,
    };

    private void Check()
    {
        if (_slots.Count > LoopKernels.MaxVariables)
            Decline($"the term has {_slots.Count} index variables; a GPU loop kernel takes at most {LoopKernels.MaxVariables}");
        else if (Math.Max(_maxDepth, _maxIndexDepth) > LoopKernels.MaxStack)
            Decline($"the term's factors nest deeper than a GPU loop kernel's stack of {LoopKernels.MaxStack}; split the equation");
    }

    private void Value(IrExpression expression)
    {
        switch (expression)
        {
            case IrConstant constant:
                Constant(constant.Value);
                break;
            case IrTensorRead read:
                Emit(read.Access, target: false);
                break;
            case IrIndexValue value:
                Index(value.Index);
                _indexDepth--;
                Op(LoopOp.IndexValue, pushes: 1);
                break;
            case IrCall call:
                Call(call);
                break;
            case IrUnary unary:
                Value(unary.Operand);
                Op(unary.Operator switch
                {
                    UnaryOperator.Negate => LoopOp.Negate,
                    UnaryOperator.Reciprocal => LoopOp.Reciprocal,
                    _ => LoopOp.Not,
                });
                break;
            case IrBinary binary:
                Value(binary.Left);
                Value(binary.Right);
                Op(LoopOp.Binary, pops: 2, pushes: 1, operand: (int)binary.Operator);
                break;
            case IrComparison comparison:
                Index(comparison.Left);
                Index(comparison.Right);
                _indexDepth -= 2;
                Op(LoopOp.Compare, pushes: 1, operand: (int)comparison.Operator);
                break;
            case IrIndexPredicate predicate:
                Index(predicate.Index);
                _indexDepth--;
                Op(LoopOp.Parity, pushes: 1, operand: (int)predicate.Kind);
                break;
            default:
                Decline($"a {expression.GetType().Name} factor has no GPU loop instruction");
                break;
        }
    }

    private void Call(IrCall call)
    {
        var function = call.Function.Elementwise;
        var number = function is null ? -1 : BuiltinCalls.NumberOf(function.Definition);
        if (function is null || number < 0)
        {
            Decline($"'{call.Function.Name}' inside a term has no GPU form");
            return;
        }
        Value(call.Arguments[0]);
        if (call.Arguments.Length > 1)
            Value(call.Arguments[1]);
        else
            Constant(function.DefaultArgument);
        Op(LoopOp.Call, pops: 2, pushes: 1, operand: number);
    }

    /// <summary>A read (its element pushed) or the target (its cell chosen): positions first, then the sizes they are checked against.</summary>
    private void Emit(IrAccess access, bool target)
    {
        foreach (var index in access.Indices)
            Index(index);
        _indexDepth -= access.Indices.Length;
        if (target)
        {
            _code.AddRange([(int)LoopOp.Target, access.Indices.Length]);
        }
        else
        {
            var tensor = _tensors.IndexOf(access.Tensor);
            if (tensor < 0)
            {
                tensor = _tensors.Count;
                _tensors.Add(access.Tensor);
            }
            _code.AddRange([(int)LoopOp.Read, tensor, access.Indices.Length]);
            Push();
        }
        for (var p = 0; p < access.Indices.Length; p++)
            _code.Add(access.Tensor.Domains[p].Size);
    }

    private void Index(IrIndexExpression index)
    {
        switch (index)
        {
            case IrVariableIndex variable:
                var slot = _slots.IndexOf(variable.Variable);
                if (slot < 0)
                {
                    slot = _slots.Count;
                    _slots.Add(variable.Variable);
                }
                _code.AddRange([(int)LoopOp.Variable, slot]);
                PushIndex();
                break;
            case IrConstantIndex constant:
                _code.AddRange([(int)LoopOp.IndexConstant, constant.Value]);
                PushIndex();
                break;
            case IrArithmeticIndex arithmetic:
                Index(arithmetic.Left);
                Index(arithmetic.Right);
                _code.AddRange([(int)LoopOp.IndexArithmetic, (int)arithmetic.Operator]);
                _indexDepth--;
                break;
            case IrNegatedIndex negated:
                Index(negated.Operand);
                _code.Add((int)LoopOp.IndexNegate);
                break;
            default:
                Decline($"the index expression {index} has no GPU loop instruction");
                break;
        }
    }

    private void Constant(double value)
    {
        _constants.Add((float)value);
        Op(LoopOp.Constant, pushes: 1, operand: _constants.Count - 1);
    }

    /// <summary>A value instruction: its code and operand, and its effect on the value stack's depth.</summary>
    private void Op(LoopOp op, int pops = 0, int pushes = 0, int? operand = null)
    {
        _code.Add((int)op);
        if (operand is { } o)
            _code.Add(o);
        _depth -= pops;
        for (var i = 0; i < pushes; i++)
            Push();
    }

    private void Push() => _maxDepth = Math.Max(_maxDepth, ++_depth);

    private void PushIndex() => _maxIndexDepth = Math.Max(_maxIndexDepth, ++_indexDepth);

    private void Decline(string reason) => Unsupported ??= reason;
}
