using TensorLogic.Runtime.Kernels;
using System.Numerics;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Reference;
using TensorLogic.Runtime.Values;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>
/// The tensors an equation reads, computed by the reference engine, served to both sides of a comparison:
/// to the reference TermEvaluator as an ICellReader and to the loop kernel as buffers of T.
/// </summary>
internal sealed class TestOperands<T> : IOperandSource<T>, ICellReader
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<TensorSymbol, TensorValue> _values = [];
    private readonly Dictionary<TensorSymbol, DenseTensor<T>> _buffers = [];

    public TestOperands(BoundProgram program, IrEquation equation)
    {
        var session = new Session(program, EngineMatrix.Get("reference").Engine, new EvaluationOptions());
        foreach (var tensor in equation.Reads)
            _values[tensor] = session.Evaluate(tensor);
    }

    /// <summary>How many times the kernel asked for each tensor (to check that buffers are fetched once per execution).</summary>
    public Dictionary<TensorSymbol, int> Requests { get; } = [];

    public DenseTensor<T> Dense(TensorSymbol tensor)
    {
        Requests[tensor] = Requests.GetValueOrDefault(tensor) + 1;
        if (!_buffers.TryGetValue(tensor, out var buffer))
        {
            var dense = (DenseTensor<double>)_values[tensor];
            buffer = new DenseTensor<T>(tensor.Shape, [.. dense.Data.Select(T.CreateTruncating)]);
            _buffers.Add(tensor, buffer);
        }
        return buffer;
    }

    public Relation Relation(TensorSymbol tensor)
    {
        Requests[tensor] = Requests.GetValueOrDefault(tensor) + 1;
        return (Relation)_values[tensor];
    }

    public double Get(TensorSymbol tensor, ReadOnlySpan<int> cell) => _values[tensor].Get(cell);

    public IReadOnlyList<int[]> Match(TensorSymbol tensor, ReadOnlySpan<int> pattern) => ((Relation)_values[tensor]).Match(pattern);
}
