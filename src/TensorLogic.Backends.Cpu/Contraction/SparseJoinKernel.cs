using System.Numerics;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// A relation times a relation inside a real-valued term (<c>Y[x] = R(x, y) S(y, z) W[z]</c> joins R and S
/// first), producing a dense count per result cell: for each tuple of the smaller relation, the matching tuples
/// of the other are looked up by their shared positions (<see cref="Relation.Match"/> keeps an index per
/// pattern), and each match adds alpha to the cell both tuples select.
/// </summary>
internal sealed unsafe class SparseJoinKernel<T> : IStepKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The join seen from one side: how an outer tuple binds the inner pattern, and where matches land.</summary>
    private sealed class Direction
    {
        public Direction(IrOperand outer, IrOperand inner, OperandLayout result)
        {
            PatternSource = [.. inner.Indices.Select(i => outer.Indices.IndexOf(i))];
            Pattern = new int[inner.Indices.Length];
            OuterStride = [.. outer.Indices.Select(result.StrideOf)];
            // An index both sides have is placed once, from the outer tuple.
            InnerStride = [.. inner.Indices.Select(i => outer.Indices.Contains(i) ? 0 : result.StrideOf(i))];
        }

        /// <summary>For each inner position, the outer position that binds it, or -1 (free).</summary>
        public int[] PatternSource { get; }

        public int[] Pattern { get; }

        public long[] OuterStride { get; }

        public long[] InnerStride { get; }
    }

    private readonly Direction _leftOuter;
    private readonly Direction _rightOuter;
    private readonly int[] _leftSizes;
    private readonly int[] _rightSizes;

    public SparseJoinKernel(IrOperand left, IrOperand right, IrOperand result)
    {
        var layout = new OperandLayout(result);
        _leftOuter = new Direction(left, right, layout);
        _rightOuter = new Direction(right, left, layout);
        _leftSizes = [.. left.Indices.Select(i => i.Size)];
        _rightSizes = [.. right.Indices.Select(i => i.Size)];
    }

    public void Run(in StepInput<T> left, in StepInput<T> right, DenseTensor<T> result, T alpha, bool accumulate)
    {
        var l = left.RequireRelation(_leftSizes);
        var r = right.RequireRelation(_rightSizes);
        if (!accumulate)
            result.Clear();
        // Scanning the smaller relation keeps the lookups (and the index the larger one builds) to a minimum.
        if (l.Count <= r.Count)
            Join(l, r, _leftOuter, result, alpha);
        else
            Join(r, l, _rightOuter, result, alpha);
    }

    private static void Join(Relation outer, Relation inner, Direction direction, DenseTensor<T> result, T alpha)
    {
        var pattern = direction.Pattern;
        var data = result.Data;
        Span<int> buffer = stackalloc int[inner.Rank];
        foreach (var tuple in outer)
        {
            long outerOffset = 0;
            for (var p = 0; p < tuple.Length; p++)
                outerOffset += tuple[p] * direction.OuterStride[p];
            for (var q = 0; q < pattern.Length; q++)
                pattern[q] = direction.PatternSource[q] < 0 ? -1 : tuple[direction.PatternSource[q]];
            foreach (var match in inner.Matches(pattern, buffer))
            {
                var offset = outerOffset;
                for (var q = 0; q < match.Length; q++)
                    offset += match[q] * direction.InnerStride[q];
                data[offset] += alpha;
            }
        }
    }
}
