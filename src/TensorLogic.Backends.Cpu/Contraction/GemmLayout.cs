using System.Collections.Immutable;
using TensorLogic.Backends.Cpu.Kernels;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// How a dense pairwise step <c>C = Σ A·B</c> maps onto one strided, batched GEMM call, copying as little as
/// possible. GEMM sees three groups per operand (batch, rows, depth for A; batch, depth, columns for B;
/// batch, rows, columns for C), each addressed by one stride, so a group can be used in place exactly when its
/// indices are contiguous and in the same order in memory: <c>ik,kj->ij</c>, <c>ki,kj->ij</c> (transposed A),
/// <c>bhpd,bhqd->bhpq</c> (batch b·h, B column-major) all run without a copy. A group that is split or
/// reordered in an operand forces that operand to be packed into [batch, rows, depth]; C must moreover have
/// unit column stride, so when neither C nor its transpose (computing Cᵀ = Bᵀ·Aᵀ, which swaps the operands)
/// fits, GEMM writes a scratch [batch, rows, columns] that is then permuted into the result. An index that
/// only one operand and the result have may also serve as batch, the other operand's batch stride being 0:
/// <c>Out[p, q, r, s] = B[q, j] T[p, j, r, s]</c> is p products of B with a slice of T, where grouping p with
/// the columns would pack T and scratch the result (taken for products under <see cref="GemmDriver.SmallWork"/>).
/// Among the layouts that work, the one that copies the fewest elements wins (of copy-free ones, the first listed).
/// </summary>
internal sealed class GemmLayout
{
    private GemmLayout(bool swapped, IrOperand? packA, IrOperand? packB, IrOperand? scratchC, GemmStrides strides)
    {
        Swapped = swapped;
        PackA = packA;
        PackB = packB;
        ScratchC = scratchC;
        Strides = strides;
    }

    /// <summary>True when the right operand plays GEMM's A (the result is computed as its own transpose).</summary>
    public bool Swapped { get; }

    /// <summary>The layout A is copied into, [batch, rows, depth]; null when A is used in place.</summary>
    public IrOperand? PackA { get; }

    /// <summary>The layout B is copied into, [batch, depth, columns]; null when B is used in place.</summary>
    public IrOperand? PackB { get; }

    /// <summary>The scratch [batch, rows, columns] GEMM writes when the result cannot take C directly.</summary>
    public IrOperand? ScratchC { get; }

    public GemmStrides Strides { get; }

    private sealed record Candidate(
        bool Swapped, ImmutableArray<IrIndex> Batch, ImmutableArray<IrIndex> Rows, ImmutableArray<IrIndex> Columns,
        ImmutableArray<IrIndex> Depth, bool PackA, bool PackB, bool ScratchC, long Copied);

    /// <summary>The cheapest layout for <c>result = Σ left · right</c>; every index of left and right is in the other or in the result.</summary>
    public static GemmLayout Choose(IrOperand left, IrOperand right, IrOperand result)
    {
        var l = new OperandLayout(left);
        var r = new OperandLayout(right);
        var c = new OperandLayout(result);
        // Size-1 indices move nothing, so they belong to no group.
        ImmutableArray<IrIndex> Ordered(OperandLayout layout, Func<IrIndex, bool> keep) =>
            [.. layout.Indices.Where(i => i.Size != 1 && keep(i))];
        bool IsBatch(IrIndex i) => l.Contains(i) && r.Contains(i) && c.Contains(i);
        bool IsM(IrIndex i) => l.Contains(i) && !r.Contains(i) && c.Contains(i);
        bool IsN(IrIndex i) => !l.Contains(i) && r.Contains(i) && c.Contains(i);
        bool IsDepth(IrIndex i) => l.Contains(i) && r.Contains(i) && !c.Contains(i);

        Candidate? Direct(bool swapped)
        {
            var (a, b) = swapped ? (r, l) : (l, r);
            var batch = Ordered(c, IsBatch);
            var (rows, columns) = swapped ? (Ordered(c, IsN), Ordered(c, IsM)) : (Ordered(c, IsM), Ordered(c, IsN));
            var fits = Fits(batch, c, out _) && Fits(rows, c, out _) && Fits(columns, c, out var columnStride)
                && (columns.IsEmpty || columnStride == 1);
            return fits ? WithDepth(swapped, batch, rows, columns, a, b, c, scratch: false) : null;
        }

        // A batch that one operand lacks is broadcast (batch stride 0) rather than copied, in small steps only:
        // there the copies cost more than the arithmetic, while a large step is better off as one big product
        // (after its copies) than as many skinny ones that each stream the shared operand again.
        var work = left.Indices.Union(right.Indices).Aggregate(1L, (product, index) => product * index.Size);
        Candidate? Broadcast(bool swapped)
        {
            if (work >= GemmDriver.SmallWork)
                return null;
            var (a, b) = swapped ? (r, l) : (l, r);
            var order = Ordered(c, _ => true);
            var columnsStart = order.Length;
            while (columnsStart > 0 && b.Contains(order[columnsStart - 1]) && !a.Contains(order[columnsStart - 1]))
                columnsStart--;
            var rowsStart = columnsStart;
            while (rowsStart > 0 && a.Contains(order[rowsStart - 1]) && !b.Contains(order[rowsStart - 1]))
                rowsStart--;
            ImmutableArray<IrIndex> batch = [.. order.Take(rowsStart)];
            ImmutableArray<IrIndex> rows = [.. order.Take(columnsStart).Skip(rowsStart)];
            ImmutableArray<IrIndex> columns = [.. order.Skip(columnsStart)];
            if (batch.All(IsBatch))
                return null;
            var fits = Fits(batch, c, out _) && Fits(rows, c, out _) && Fits(columns, c, out var columnStride)
                && (columns.IsEmpty || columnStride == 1);
            // Packing cannot hold a broadcast index (the pack reads only the operand), so only copy-free layouts count.
            return fits && WithDepth(swapped, batch, rows, columns, a, b, c, scratch: false) is { PackA: false, PackB: false } free
                ? free : null;
        }

        var candidates = new[]
        {
            Direct(swapped: false),
            Direct(swapped: true),
            WithDepth(false, Ordered(l, IsBatch), Ordered(l, IsM), Ordered(r, IsN), l, r, c, scratch: true),
            Broadcast(swapped: false),
            Broadcast(swapped: true),
        };
        var best = candidates.OfType<Candidate>().MinBy(x => x.Copied)!;

        return Build(best, best.Swapped ? r : l, best.Swapped ? l : r, c);

        Candidate WithDepth(bool swapped, ImmutableArray<IrIndex> batch, ImmutableArray<IrIndex> rows, ImmutableArray<IrIndex> columns,
            OperandLayout a, OperandLayout b, OperandLayout cLayout, bool scratch)
        {
            // The depth order must agree in A and B: try each operand's own order and keep the cheaper.
            Candidate Try(ImmutableArray<IrIndex> depth)
            {
                var packA = !(Fits(batch, a, out _) && Fits(rows, a, out _) && Fits(depth, a, out _));
                var packB = !(Fits(batch, b, out _) && Fits(depth, b, out _) && Fits(columns, b, out _));
                var copied = (packA ? a.Elements : 0) + (packB ? b.Elements : 0) + (scratch ? 2 * cLayout.Elements : 0);
                return new Candidate(swapped, batch, rows, columns, depth, packA, packB, scratch, copied);
            }
            var inA = Try(Ordered(a, IsDepth));
            var inB = Try(Ordered(b, IsDepth));
            return inB.Copied < inA.Copied ? inB : inA;
        }
    }

    private static GemmLayout Build(Candidate chosen, OperandLayout a, OperandLayout b, OperandLayout c)
    {
        var packA = chosen.PackA ? Pack("$gemm-a", chosen.Batch, chosen.Rows, chosen.Depth) : null;
        var packB = chosen.PackB ? Pack("$gemm-b", chosen.Batch, chosen.Depth, chosen.Columns) : null;
        var scratch = chosen.ScratchC ? Pack("$gemm-c", chosen.Batch, chosen.Rows, chosen.Columns) : null;
        var aLayout = packA is null ? a : new OperandLayout(packA);
        var bLayout = packB is null ? b : new OperandLayout(packB);
        var cLayout = scratch is null ? c : new OperandLayout(scratch);
        var strides = new GemmStrides(
            Size(chosen.Batch), Size(chosen.Rows), Size(chosen.Columns), Size(chosen.Depth),
            Stride(chosen.Batch, aLayout), Stride(chosen.Rows, aLayout), Stride(chosen.Depth, aLayout),
            Stride(chosen.Batch, bLayout), Stride(chosen.Depth, bLayout), Stride(chosen.Columns, bLayout),
            Stride(chosen.Batch, cLayout), Stride(chosen.Rows, cLayout));
        return new GemmLayout(chosen.Swapped, packA, packB, scratch, strides);
    }

    private static IrOperand Pack(string name, params ImmutableArray<IrIndex>[] groups) =>
        new(TensorSymbol.Temporary(name), [.. groups.SelectMany(g => g)]);

    /// <summary>
    /// Whether the group's indices, in this order, are one contiguous block of the layout (each index's stride
    /// is the next one's stride times its size); the block's stride is that of its last index (0 if empty).
    /// </summary>
    private static bool Fits(ImmutableArray<IrIndex> group, OperandLayout layout, out long stride)
    {
        stride = group.IsEmpty ? 0 : layout.StrideOf(group[^1]);
        for (var p = 0; p + 1 < group.Length; p++)
        {
            if (layout.StrideOf(group[p]) != layout.StrideOf(group[p + 1]) * group[p + 1].Size)
                return false;
        }
        return true;
    }

    private static nint Stride(ImmutableArray<IrIndex> group, OperandLayout layout)
    {
        Fits(group, layout, out var stride);
        return checked((nint)stride);
    }

    private static int Size(ImmutableArray<IrIndex> group) => checked((int)group.Aggregate(1L, (p, i) => p * i.Size));
}
