using System.Numerics;
using TensorLogic.Backends.Cpu.Attention;
using TensorLogic.Backends.Cpu.Contraction;
using TensorLogic.Backends.Cpu.Convolution;
using TensorLogic.Backends.Cpu.Epilogues;
using TensorLogic.Backends.Cpu.Loops;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>
/// One equation on the CPU: each term by its kernel (contraction steps, broadcast, window kernels,
/// or a compiled loop nest) into values over the target's shape, with reach counts when some term may not
/// reach every cell, then the outer function as a fused epilogue on the reached cells. Term kernels, loop
/// accumulators, mask arrays and scratch are prepared on first use and reused by later calls.
/// One equation on the CPU: each term by its kernel (contraction steps, broadcast, window gather and GEMM,
/// masked attention, or a compiled loop nest) into values over the target's shape, with reach counts when
/// some term may not reach every cell, then the outer function as a fused epilogue on the reached cells
/// (unless the attention kernel applied the equation's softmax itself). Term kernels, loop accumulators,
/// mask arrays and scratch are prepared on first use and reused by later calls.
/// </summary>
internal sealed class CpuEquationKernel<T> : IEquationKernel<T>, IFusingKernel
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IrEquation _equation;
    private readonly int _threads;
    private readonly Dictionary<IrTerm, object> _kernels = [];
    private readonly Dictionary<IrTerm, AttentionTerm<T>> _attention = [];
    private readonly MaskCache _masks = new();
    private readonly Dictionary<IrTerm, TermAccumulator<T>> _accumulators = [];
    private readonly Dictionary<IrTerm, DenseTensor<T>> _scratch = [];

    public CpuEquationKernel(IrEquation equation, int threads)
    {
        _equation = equation;
        _threads = threads;
        // Window kernels are chosen now, so that the kind names the one chosen.
        foreach (var window in equation.Terms.OfType<WindowTerm>())
            _kernels[window] = WindowKernels.For<T>(window, threads);
        foreach (var term in equation.Terms.OfType<ContractionTerm>())
        {
            if (AttentionTerm<T>.For(equation, term, threads) is { } attention)
                _attention[term] = attention;
        }
        Flops = equation.Terms.Sum(FlopsOf);
        ComputedInPlace = [.. _attention.Values.Select(a => a.ComputedInPlace).OfType<IrEquation>()];
    }

    // Named on first use (--profile, --emit kernels): building the name cost 5 µs, a tenth of a small
    // equation's first evaluation in a fresh session.
    public string Kind => _kind ??= string.Join(", ", _equation.Terms.Select(KindOf).Distinct());

    private string? _kind;

    public double Flops { get; }

    public IReadOnlyList<IrEquation> ComputedInPlace { get; }

    public EquationResult<T> Evaluate(IKernelContext<T> context, IReadOnlyDictionary<int, int>? pins)
    {
        var source = new Operands(context);
        var shape = _equation.Target.Shape;
        // A plain contraction as the first term writes every cell: its buffer needs no clearing, and the
        // product no read of zeros to add to (a memset and a pass over C saved per GEMM equation).
        var assign = _equation.ReachesEveryCell && _equation.Terms is [ContractionTerm { IsMasked: false } first, ..]
            && !_attention.ContainsKey(first) && Kernel(first, () => new ContractionExecutor<T>(first, _threads)).CanAssign;
        var values = context.Rent(shape, clear: !assign);
        var counts = _equation.ReachesEveryCell ? null : context.RentCounts(values.Length);
        var normalized = false;
        foreach (var term in _equation.Terms)
        {
            switch (term)
            {
                case ContractionTerm when _attention.TryGetValue(term, out var attention):
                    // A fused weighted sum reaches every cell, as the contraction it stands for; a masked score product counts its cells.
                    if (attention.ReachesEveryCell)
                        CountEveryCell(counts);
                    else
                        counts ??= context.RentCounts(values.Length);
                    attention.Execute(source, values, counts);
                    normalized |= attention.Normalizes;
                    break;
                case ContractionTerm { IsMasked: true } masked:
                    RunMasked(masked, source, context, values, counts ??= context.RentCounts(values.Length));
                    break;
                case ContractionTerm contraction:
                    var executor = Kernel(term, () => new ContractionExecutor<T>(contraction, _threads));
                    if (assign)
                        executor.Assign(source, values);
                    else
                        executor.Execute(source, values);
                    assign = false;
                    CountEveryCell(counts);
                    break;
                case WindowTerm:
                    // The first term finds the rented values cleared, and so may write them unread.
                    ((IWindowKernel<T>)_kernels[term]).Add(source, values, overwrite: ReferenceEquals(term, _equation.Terms[0]));
                    CountEveryCell(counts);
                    break;
                case BroadcastTerm broadcast:
                    BroadcastKernel<T>.Add(context.Dense(broadcast.Input.Tensor), broadcast, values);
                    CountEveryCell(counts);
                    break;
                case LoopTerm loop:
                    var kernel = Kernel(term, () => new LoopKernel<T>(_equation, loop.Term));
                    if (!_accumulators.TryGetValue(term, out var accumulator))
                        _accumulators[term] = accumulator = new TermAccumulator<T>(context.Rent(shape), context.RentCounts(values.Length), loop.Aggregation);
                    else
                        accumulator.Clear();
                    kernel.Execute(source, accumulator, pins);
                    accumulator.Finish();
                    counts ??= context.RentCounts(values.Length);
                    var (sums, termSums, termCounts) = (values.Data, accumulator.Values.Data, accumulator.Counts);
                    for (var i = 0; i < sums.Length; i++)
                    {
                        if (termCounts[i] == 0)
                            continue;
                        sums[i] += termSums[i];
                        counts[i] += termCounts[i];
                    }
                    break;
            }
        }
        if (_equation.Finish is { } function && !normalized)
            Epilogue<T>.Apply(function, values, counts, OuterArguments.Evaluate<T>(function, context));
        return EquationResult<T>.Dense(values, counts);
    }

    /// <summary>
    /// A masked contraction (<c>softmax(Before(q, p) Q[p, d] K[q, d])</c>): computed densely into scratch,
    /// then only the cells where every mask holds are added and counted as reached.
    /// </summary>
    private void RunMasked(ContractionTerm term, Operands source, IKernelContext<T> context, DenseTensor<T> values, int[] counts)
    {
        var executor = Kernel(term, () => new ContractionExecutor<T>(term with { Masks = [], Conditions = [] }, _threads));
        if (!_scratch.TryGetValue(term, out var scratch))
            _scratch[term] = scratch = context.Rent(values.Shape);
        else
            scratch.Clear();
        executor.Execute(source, scratch);
        var allowed = _masks.Allowed(term, [.. term.Masks.Select(m => context.Relation(m.Tensor))], values.Shape);
        var (sums, dense) = (values.Data, scratch.Data);
        for (var i = 0; i < sums.Length; i++)
        {
            if (allowed[i] == 0)
                continue;
            sums[i] += dense[i];
            counts[i]++;
        }
    }

    /// <summary>A term that reaches every cell, beside others that may not: every cell counts one binding more.</summary>
    private static void CountEveryCell(int[]? counts)
    {
        if (counts is not null)
            System.Numerics.Tensors.TensorPrimitives.Add(counts, 1, counts);
    }

    private TKernel Kernel<TKernel>(IrTerm term, Func<TKernel> create)
        where TKernel : class
    {
        if (!_kernels.TryGetValue(term, out var kernel))
            _kernels[term] = kernel = create();
        return (TKernel)kernel;
    }

    private string KindOf(IrTerm term) => term switch
    {
        ContractionTerm when _attention.TryGetValue(term, out var attention) => attention.ComputedInPlace is null ? "masked-scores" : "fused-attention",
        ContractionTerm c => string.Join("+", c.Plan.Steps.Select(s => s.Kind.ToString().ToLowerInvariant()).Distinct()),
        BroadcastTerm => "broadcast",
        WindowTerm => ((IWindowKernel<T>)_kernels[term]).Kind,
        _ => "loop",
    };

    private double FlopsOf(IrTerm term) => term switch
    {
        // Fused attention also computes the weights it would have read: their score product is its work too.
        ContractionTerm { Fused.Producer.Terms: [ContractionTerm scores] } c when _attention.ContainsKey(term) => c.Plan.Flops + scores.Plan.Flops,
        ContractionTerm c => c.Plan.Flops,
        BroadcastTerm b => b.Output.Elements,
        WindowTerm w => w.Contraction.Plan.Flops,
        LoopTerm l => l.Term.Work,
        _ => 0,
    };

    /// <summary>The context as the operand source the term kernels read.</summary>
    private sealed class Operands(IKernelContext<T> context) : IOperandSource<T>
    {
        public DenseTensor<T> Dense(TensorSymbol tensor) => context.Dense(tensor);

        public Relation Relation(TensorSymbol tensor) => context.Relation(tensor);

        public SparseTensor? Sparse(TensorSymbol tensor) => context.Sparse(tensor);
    }
}
