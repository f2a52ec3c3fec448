using TensorLogic.Runtime.Execution;
using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>
/// An operand source for tests: each tensor's initial value from a <see cref="TensorStore"/>, converted once
/// to a buffer of <typeparamref name="T"/> (real tensors) or handed over as is (relations).
/// </summary>
internal sealed class DictionaryOperandSource<T>(TensorStore store) : IOperandSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<TensorSymbol, DenseTensor<T>> _dense = [];

    public DenseTensor<T> Dense(TensorSymbol tensor)
    {
        if (!_dense.TryGetValue(tensor, out var buffer))
        {
            buffer = ToBuffer(store.Initial(tensor));
            _dense.Add(tensor, buffer);
        }
        return buffer;
    }

    public Relation Relation(TensorSymbol tensor) =>
        store.Initial(tensor) as Relation ?? throw new InvalidOperationException($"'{tensor.Name}' is not a relation");

    private static DenseTensor<T> ToBuffer(TensorValue value)
    {
        var buffer = new DenseTensor<T>(value.Shape);
        switch (value)
        {
            case DenseTensor<double> dense:
                for (var i = 0; i < dense.Data.Length; i++)
                    buffer.Data[i] = T.CreateTruncating(dense.Data[i]);
                break;
            case Relation relation:
                foreach (var tuple in relation.Tuples)
                    buffer.Data[buffer.Offset(tuple)] = T.One;
                break;
        }
        return buffer;
    }
}
