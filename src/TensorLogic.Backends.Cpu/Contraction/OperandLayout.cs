using System.Collections.Immutable;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// Where each index of an operand lives in its row-major buffer: the element stride per index, in the
/// operand's index order. An index the operand does not have has stride 0, which is what lets one loop nest
/// walk several operands at once (the operand simply stays put along that index).
/// </summary>
internal sealed class OperandLayout
{
    private readonly long[] _strides;

    public OperandLayout(ImmutableArray<IrIndex> indices)
    {
        Indices = indices;
        _strides = new long[indices.Length];
        long size = 1;
        for (var p = indices.Length - 1; p >= 0; p--)
        {
            _strides[p] = size;
            size *= indices[p].Size;
        }
        Elements = size;
    }

    public OperandLayout(IrOperand operand)
        : this(operand.Indices)
    {
    }

    public ImmutableArray<IrIndex> Indices { get; }

    public long Elements { get; }

    public bool Contains(IrIndex index) => Indices.Contains(index);

    public long StrideOf(IrIndex index)
    {
        var position = Indices.IndexOf(index);
        return position < 0 ? 0 : _strides[position];
    }

    public ImmutableArray<int> Shape => [.. Indices.Select(i => i.Size)];
}
