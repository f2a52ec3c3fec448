using System.Linq.Expressions;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// The slots of <see cref="KernelArguments{T}"/>: each tensor the nest reads gets one, loaded into a local
/// once on entry; the tensor lists tell the kernel what to put where.
/// </summary>
internal sealed partial class LoopNestCompiler<T>
{
    private readonly List<Expression> _entry = [];
    private readonly List<TensorSymbol> _arrayTensors = [];
    private readonly List<TensorSymbol> _weightedTensors = [];
    private readonly List<TensorSymbol> _maskTensors = [];
    private readonly List<TensorSymbol> _setTensors = [];
    private readonly List<TensorSymbol> _relationTensors = [];
    private readonly List<int> _scratchLengths = [];
    private readonly Dictionary<(string Field, TensorSymbol Tensor), ParameterExpression> _slots = [];

    private ParameterExpression ArraySlot(TensorSymbol tensor) => TensorSlot(typeof(T[]), nameof(KernelArguments<T>.Arrays), tensor, _arrayTensors);

    private ParameterExpression RelationSlot(TensorSymbol tensor) =>
        TensorSlot(typeof(Runtime.Values.Relation), nameof(KernelArguments<T>.Relations), tensor, _relationTensors);

    /// <summary>A fresh array for a generator's pattern or a tested tuple.</summary>
    private ParameterExpression ScratchSlot(int length, string name)
    {
        var local = Slot(typeof(int[]), name, nameof(KernelArguments<T>.Scratch), _scratchLengths.Count);
        _scratchLengths.Add(length);
        return local;
    }

    private void BindProbe(AccessCode code)
    {
        var tensor = code.Access.Tensor;
        switch (code.Probe)
        {
            case ProbeKind.Mask:
                code.Source = TensorSlot(typeof(byte[]), nameof(KernelArguments<T>.Masks), tensor, _maskTensors);
                break;
            case ProbeKind.Set:
                code.Source = TensorSlot(typeof(HashSet<long>), nameof(KernelArguments<T>.Sets), tensor, _setTensors);
                break;
            default:
                code.Source = RelationSlot(tensor);
                code.Tuple = ScratchSlot(tensor.Rank, $"{tensor.Name}_tuple");
                break;
        }
    }

    /// <summary>The slot of a tensor in one of the argument arrays, shared by every access to it.</summary>
    private ParameterExpression TensorSlot(Type type, string field, TensorSymbol tensor, List<TensorSymbol> tensors)
    {
        if (_slots.TryGetValue((field, tensor), out var local))
            return local;
        local = Slot(type, tensor.Name, field, tensors.Count);
        tensors.Add(tensor);
        _slots.Add((field, tensor), local);
        return local;
    }

    /// <summary>A local loaded on entry from <c>args.field</c>, or <c>args.field[index]</c>.</summary>
    private ParameterExpression Slot(Type type, string name, string field, int? index)
    {
        var local = _scope.Local(type, name);
        Expression value = Expression.Field(_args, field);
        if (index is { } i)
            value = Expression.ArrayIndex(value, Expression.Constant(i));
        _entry.Add(Expression.Assign(local, value));
        return local;
    }
}
