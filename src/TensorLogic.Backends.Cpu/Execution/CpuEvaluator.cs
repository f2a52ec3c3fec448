using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics;
using TensorLogic.Backends.Cpu.Contraction;
using TensorLogic.Backends.Cpu.Epilogues;
using TensorLogic.Backends.Cpu.Loops;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Reference;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Backends.Cpu.Execution;

/// <summary>
/// Runs the IR on the CPU in float or double: contractions through the planner's steps (GEMM, sparse
/// gather), other terms as compiled loop nests, then the fused epilogue. Strata are scheduled as in the
/// reference engine; a stratum with Boolean targets (Datalog) is handed to the reference evaluator,
/// which shares the tensor store.
/// </summary>
internal sealed class CpuEvaluator<T> : IEvaluator, IOperandSource<T>, IProfilingEvaluator, IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TensorStore _store;
    private readonly IrProgram _ir;
    private readonly EvaluationOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly ForwardEvaluator _reference;
    private readonly int _threads;
    private readonly HashSet<IrStratum> _evaluated = [];
    private readonly Dictionary<TensorSymbol, (TensorValue Source, DenseBuffer<T> Buffer)> _buffers = [];
    private readonly Dictionary<TensorSymbol, DenseBuffer<T>> _synthesized = [];
    private readonly Dictionary<IrTerm, object> _kernels = [];
    private readonly Dictionary<IrEquation, EquationProfile> _profile = [];
    private readonly HashSet<TensorSymbol> _programTensors;
    private readonly Dictionary<ContractionTerm, (Relation[] Sources, byte[] Allowed)> _masks = [];
    private readonly Dictionary<IrTerm, TermAccumulator<T>> _accumulators = [];
    private readonly Dictionary<IrTerm, DenseBuffer<T>> _scratch = [];
    // Arrays rented from the cache that hold values of this evaluator; returned when replaced or disposed.
    private readonly HashSet<T[]> _rented = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<int[]> _rentedCounts = new(ReferenceEqualityComparer.Instance);

    public CpuEvaluator(TensorStore store, IrProgram ir, EvaluationOptions options, DiagnosticBag diagnostics, int threads)
    {
        _store = store;
        _ir = ir;
        _options = options;
        _diagnostics = diagnostics;
        _threads = threads;
        _reference = new ForwardEvaluator(store, options, diagnostics);
        _programTensors = [.. store.Program.Tensors];
        // Converting the data to T belongs to setting up, like loading it, not to computing.
        foreach (var tensor in ir.Strata.SelectMany(s => s.Equations).SelectMany(e => e.Source.Reads()).Select(r => r.Tensor).Distinct())
        {
            if (!store.HasData(tensor) || store.Program.EquationsFor(tensor).Any())
                continue;
            if (tensor.IsBoolean)
                _ = store.Initial(tensor);
            else
                Dense(tensor);
        }
        // Folded strata depend on literals only: their values are computed now, as part of compiling.
        foreach (var stratum in ir.Strata.Where(s => s.Equations.All(e => e.IsFolded)))
        {
            Run(stratum);
            _evaluated.Add(stratum);
        }
    }

    /// <summary>Tensors the passes introduced ($cse0, ...) live only here, not in the store.</summary>
    private bool IsSynthesized(TensorSymbol tensor) => !_programTensors.Contains(tensor);

    public IReadOnlyList<EquationProfile> Profile => [.. _profile.Values];

    public void Evaluate(IReadOnlyCollection<TensorSymbol> targets)
    {
        var computed = _ir.Strata.SelectMany(s => s.Equations).Select(e => e.Target).ToHashSet();
        // What the optimized program no longer computes (fused away, or not needed by its outputs) the reference computes.
        var missing = targets.Where(t => !computed.Contains(t) && _store.Program.EquationsFor(t).Any()).ToList();
        var needed = DependencyCone.Of(_ir.Source, targets.Except(missing));
        foreach (var stratum in _ir.Strata)
        {
            if (_evaluated.Contains(stratum) || !stratum.Source.Tensors.Any(needed.Contains))
                continue;
            Run(stratum);
            _evaluated.Add(stratum);
        }
        if (missing.Count > 0)
            _reference.Evaluate(missing);
    }

    private void Run(IrStratum stratum)
    {
        if (stratum.Equations.Any(e => e.Target.IsBoolean))
        {
            if (stratum.Kind == StratumKind.Once && Targets(stratum).All(t => t.IsBoolean && CellCount(t) <= MaxDenseRelationCells))
            {
                foreach (var tensor in Targets(stratum))
                    _store[tensor] = RecomputeRelation(tensor, stratum);
            }
            else
            {
                // Recursive logic (semi-naive) and relations too large to compute densely stay with the reference.
                _reference.EvaluateStratum(stratum.Source);
            }
            return;
        }
        switch (stratum.Kind)
        {
            case StratumKind.Loop:
                RunLoop(stratum);
                break;
            case StratumKind.Fixpoint:
                RunFixpoint(stratum);
                break;
            default:
                foreach (var tensor in Targets(stratum))
                    Store(tensor, Recompute(tensor, stratum));
                break;
        }
    }

    private const long MaxDenseRelationCells = 1 << 24;

    private static long CellCount(TensorSymbol tensor) => tensor.Shape.Aggregate(1L, (a, s) => a * s);

    /// <summary>
    /// A non-recursive relation computed with the dense kernels: a cell is true when its data and the
    /// equations' contributions sum to more than 0 (the step of the sum, that is OR).
    /// </summary>
    private Relation RecomputeRelation(TensorSymbol tensor, IrStratum stratum)
    {
        var totals = InitialBuffer(tensor);
        foreach (var equation in stratum.Equations.Where(e => e.Target == tensor))
        {
            var (values, counts) = EvaluateEquation(equation, null);
            Add(totals, values, counts);
            Release(values);
            ReleaseCounts(counts);
        }
        var relation = new Relation(tensor, tensor.Shape);
        var layout = new RowMajorLayout(tensor.Shape);
        var cell = new int[tensor.Rank];
        for (var offset = 0; offset < totals.Length; offset++)
        {
            if (totals.Data[offset] <= T.Zero)
                continue;
            layout.CellOf(offset, cell);
            relation.Add(cell);
        }
        Release(totals);
        return relation;
    }

    private DenseBuffer<T> Rent(System.Collections.Immutable.ImmutableArray<int> shape)
    {
        var length = shape.Aggregate(1, (a, size) => a * size);
        var array = ArrayCache<T>.Rent(length);
        _rented.Add(array);
        return new DenseBuffer<T>(shape, array);
    }

    /// <summary>A cleared reach-count array for one equation evaluation, from the cache (kept until disposal).</summary>
    private int[] RentCounts(int length)
    {
        var counts = ArrayCache<int>.Rent(length);
        _rentedCounts.Add(counts);
        return counts;
    }

    private void ReleaseCounts(int[]? counts)
    {
        if (counts is not null && _rentedCounts.Remove(counts))
            ArrayCache<int>.Return(counts);
    }

    private void Release(DenseBuffer<T> buffer)
    {
        if (_rented.Remove(buffer.Data))
            ArrayCache<T>.Return(buffer.Data);
    }

    /// <summary>Gives every array this evaluator rented back to the cache: its values are not to be used afterwards.</summary>
    public void Dispose()
    {
        foreach (var array in _rented)
            ArrayCache<T>.Return(array);
        _rented.Clear();
        foreach (var counts in _rentedCounts)
            ArrayCache<int>.Return(counts);
        _rentedCounts.Clear();
        _buffers.Clear();
        _synthesized.Clear();
    }

    private static List<TensorSymbol> Targets(IrStratum stratum) => stratum.Equations.Select(e => e.Target).Distinct().ToList();

    /// <summary>Initial contents plus what every equation of the tensor contributes at the cells it reaches.</summary>
    private DenseBuffer<T> Recompute(TensorSymbol tensor, IrStratum stratum)
    {
        DenseBuffer<T>? result = null;
        // Without data the first equation's result is the start (its unreached cells are 0).
        if (IsSynthesized(tensor) || _store.HasData(tensor))
            result = InitialBuffer(tensor);
        foreach (var equation in stratum.Equations.Where(e => e.Target == tensor))
        {
            var (values, counts) = EvaluateEquation(equation, null);
            if (result is null)
                result = values;
            else
            {
                Add(result, values, counts);
                Release(values);
            }
            ReleaseCounts(counts);
        }
        return result ?? InitialBuffer(tensor);
    }

    private static void Add(DenseBuffer<T> target, DenseBuffer<T> values, int[]? counts)
    {
        var data = target.Data;
        var add = values.Data;
        if (counts is null)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(data, add, data);
            return;
        }
        for (var i = 0; i < data.Length; i++)
        {
            if (counts[i] > 0)
                data[i] += add[i];
        }
    }

    /// <summary>One equation's contribution: its terms, summed at reached cells, then the outer function.</summary>
    private (DenseBuffer<T> Values, int[]? Counts) EvaluateEquation(IrEquation equation, IReadOnlyDictionary<int, int>? pinned)
    {
        var watch = Stopwatch.StartNew();
        var shape = equation.Target.Shape;
        var values = Rent(shape);
        var counts = equation.ReachesEveryCell ? null : RentCounts(values.Length);
        foreach (var term in equation.Terms)
        {
            switch (term)
            {
                case ContractionTerm { Masks.IsEmpty: false } masked:
                    RunMasked(masked, values, counts ??= RentCounts(values.Length));
                    break;
                case ContractionTerm contraction:
                    var executor = (ContractionExecutor<T>)Kernel(term, () => new ContractionExecutor<T>(contraction, _threads));
                    executor.Execute(this, values);
                    CountEveryCell(counts);
                    break;
                case WindowTerm window:
                    if (!_synthesized.TryGetValue(window.Window.Tensor, out var gathered))
                        _synthesized[window.Window.Tensor] = gathered = Rent(window.Window.Tensor.Shape);
                    WindowGather<T>.Fill(window, Dense(window.Source), gathered);
                    var windowed = (ContractionExecutor<T>)Kernel(term, () => new ContractionExecutor<T>(window.Contraction, _threads));
                    windowed.Execute(this, values);
                    CountEveryCell(counts);
                    break;
                case BroadcastTerm broadcast:
                    BroadcastKernel<T>.Add(Dense(broadcast.Input.Tensor), broadcast, values);
                    CountEveryCell(counts);
                    break;
                case LoopTerm loop:
                    var kernel = (LoopKernel<T>)Kernel(term, () => new LoopKernel<T>(loop.Equation, loop.Term));
                    if (!_accumulators.TryGetValue(term, out var accumulator))
                        _accumulators[term] = accumulator = new TermAccumulator<T>(Rent(shape), RentCounts(values.Length), loop.Aggregation);
                    else
                        accumulator.Clear();
                    kernel.Execute(this, accumulator, pinned);
                    accumulator.Finish();
                    counts ??= RentCounts(values.Length);
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (accumulator.Counts[i] == 0)
                            continue;
                        values.Data[i] += accumulator.Values.Data[i];
                        counts[i] += accumulator.Counts[i];
                    }
                    break;
            }
        }
        if (equation.Finish is { } function)
        {
            var extra = function.ExtraArguments.Select(a => T.CreateChecked(ExpressionEvaluator.Evaluate(a, [], _reference))).ToArray();
            Epilogue<T>.Apply(function, values, counts, extra);
        }
        Record(equation, watch.Elapsed);
        return (values, counts);
    }

    /// <summary>
    /// A masked contraction (<c>softmax(Before(q, p) Q[p, d] K[q, d])</c>): computed densely into scratch,
    /// then only the cells where every mask holds are added and counted as reached.
    /// </summary>
    private void RunMasked(ContractionTerm term, DenseBuffer<T> values, int[] counts)
    {
        var executor = (ContractionExecutor<T>)Kernel(term, () => new ContractionExecutor<T>(term with { Masks = [] }, _threads));
        if (!_scratch.TryGetValue(term, out var scratch))
            _scratch[term] = scratch = Rent(values.Shape);
        else
            scratch.Clear();
        executor.Execute(this, scratch);
        var allowed = Mask(term, values);
        for (var i = 0; i < values.Length; i++)
        {
            if (allowed[i] == 0)
                continue;
            values.Data[i] += scratch.Data[i];
            counts[i]++;
        }
    }

    /// <summary>
    /// Which output cells every mask allows (a mask over fewer indices covers whole slices), cached while
    /// the mask relations stay the same objects: a causal mask is built once, not per evaluation.
    /// </summary>
    private byte[] Mask(ContractionTerm term, DenseBuffer<T> values)
    {
        var relations = term.Masks.Select(m => Relation(m.Tensor)).ToArray();
        if (_masks.TryGetValue(term, out var cached) && cached.Sources.SequenceEqual(relations))
            return cached.Allowed;
        var allowed = new byte[values.Length];
        Array.Fill(allowed, (byte)1);
        var cell = new int[values.Rank];
        for (var m = 0; m < relations.Length; m++)
        {
            // The relation as a dense 0/1 array over its own indices, then read along the output's cells
            // with an odometer: no division per cell.
            var maskIndices = term.Masks[m].Indices;
            var maskStrides = new long[maskIndices.Length];
            long maskSize = 1;
            for (var k = maskIndices.Length - 1; k >= 0; k--)
            {
                maskStrides[k] = maskSize;
                maskSize *= maskIndices[k].Size;
            }
            var present = new byte[maskSize];
            foreach (var tuple in relations[m].Tuples)
            {
                long offset = 0;
                for (var k = 0; k < tuple.Length; k++)
                    offset += tuple[k] * maskStrides[k];
                present[offset] = 1;
            }
            var strideOfAxis = term.Output.Indices.Select(i => maskIndices.IndexOf(i) is var k and >= 0 ? maskStrides[k] : 0L).ToArray();
            Array.Clear(cell);
            long maskOffset = 0;
            for (var i = 0; i < allowed.Length; i++)
            {
                allowed[i] &= present[maskOffset];
                for (var a = cell.Length - 1; a >= 0; a--)
                {
                    maskOffset += strideOfAxis[a];
                    if (++cell[a] < values.Shape[a])
                        break;
                    maskOffset -= strideOfAxis[a] * cell[a];
                    cell[a] = 0;
                }
            }
        }
        _masks[term] = (relations, allowed);
        return allowed;
    }

    /// <summary>A term that reaches every cell, beside others that may not: every cell counts one binding more.</summary>
    private static void CountEveryCell(int[]? counts)
    {
        if (counts is not null)
            System.Numerics.Tensors.TensorPrimitives.Add(counts, 1, counts);
    }

    private object Kernel(IrTerm term, Func<object> create)
    {
        if (!_kernels.TryGetValue(term, out var kernel))
            _kernels[term] = kernel = create();
        return kernel;
    }

    private void RunFixpoint(IrStratum stratum)
    {
        if (ForwardEvaluator.LayerDomain(stratum.Source) is { } layers)
            LayeredSweep(stratum, layers);
        var targets = Targets(stratum);
        for (var iteration = 1; iteration <= _options.MaxIterations; iteration++)
        {
            var change = 0.0;
            foreach (var tensor in targets)
            {
                var next = Recompute(tensor, stratum);
                change = Math.Max(change, MaxDifference(Dense(tensor), next));
                Store(tensor, next);
            }
            if (change <= _options.Tolerance)
                return;
        }
        _reference.ReportIterationLimit(stratum.Source);
    }

    /// <summary>
    /// Index-shift recursion as a loop over the shifted index, as the reference engine does it (see
    /// ForwardEvaluator.LayeredSweep): per layer, each equation with its layer variable pinned writes the
    /// cells it reaches at once. Contractions ignore the pin and recompute every layer from what is there,
    /// which is still a valid step; the fixpoint iteration afterwards confirms the result.
    /// </summary>
    private void LayeredSweep(IrStratum stratum, Compiler.Semantics.Domain layers)
    {
        foreach (var tensor in Targets(stratum))
            Store(tensor, Copy(Dense(tensor)));
        var byEquation = stratum.Equations.ToDictionary(e => e.Source);
        var ordered = ForwardEvaluator.InLayerOrder(stratum.Equations.Select(e => e.Source), layers).Select(e => byEquation[e]).ToList();
        for (var layer = 0; layer < layers.Size; layer++)
        {
            foreach (var equation in ordered)
            {
                if (ForwardEvaluator.LayerPin(equation.Source, layers, layer) is not { } pinned)
                    continue;
                var (values, counts) = EvaluateEquation(equation, pinned);
                var target = Dense(equation.Target);
                var initial = Convert(_store.Initial(equation.Target));
                for (var i = 0; i < target.Length; i++)
                {
                    if (counts is null || counts[i] > 0)
                        target.Data[i] = initial.Data[i] + values.Data[i];
                }
                Release(initial);
                Release(values);
                ReleaseCounts(counts);
            }
        }
    }

    private static double MaxDifference(DenseBuffer<T> before, DenseBuffer<T> after)
    {
        var max = 0.0;
        for (var i = 0; i < before.Length; i++)
        {
            var d = double.CreateChecked(T.Abs(before.Data[i] - after.Data[i]));
            if (double.IsNaN(d) ? !(T.IsNaN(before.Data[i]) && T.IsNaN(after.Data[i])) : d > max)
                max = double.IsNaN(d) ? double.PositiveInfinity : d;
        }
        return max;
    }

    /// <summary>A virtual-index loop: per step every equation runs against the current state; reached cells are overwritten.</summary>
    private void RunLoop(IrStratum stratum)
    {
        var steps = stratum.Equations.Where(e => e.Source.Loop is not null).Max(e => e.Source.Loop!.Variable.Domain.Size);
        for (var step = 0; step < steps; step++)
        {
            var updates = new List<(TensorSymbol Tensor, DenseBuffer<T> Values, int[]? Counts)>();
            foreach (var equation in stratum.Equations)
            {
                var pinned = equation.Source.Loop is { } loop ? new Dictionary<int, int> { [loop.Variable.Ordinal] = step } : null;
                var (values, counts) = EvaluateEquation(equation, pinned);
                updates.Add((equation.Target, values, counts));
            }
            foreach (var group in updates.GroupBy(u => u.Tensor))
            {
                var next = Copy(Dense(group.Key));
                var reached = new bool[next.Length];
                var sums = new T[next.Length];
                foreach (var (_, values, counts) in group)
                {
                    for (var i = 0; i < next.Length; i++)
                    {
                        if (counts is not null && counts[i] == 0)
                            continue;
                        sums[i] += values.Data[i];
                        reached[i] = true;
                    }
                }
                for (var i = 0; i < next.Length; i++)
                {
                    if (reached[i])
                        next.Data[i] = sums[i];
                }
                Store(group.Key, next);
                foreach (var (_, values, counts) in group)
                {
                    Release(values);
                    ReleaseCounts(counts);
                }
            }
        }
    }

    private DenseBuffer<T> Copy(DenseBuffer<T> buffer)
    {
        var copy = Rent(buffer.Shape);
        buffer.Data.AsSpan().CopyTo(copy.Data);
        return copy;
    }

    // ------------------------------------------------------------------ operand source

    public DenseBuffer<T> Dense(TensorSymbol tensor)
    {
        if (_synthesized.TryGetValue(tensor, out var synthesized))
            return synthesized;
        if (IsSynthesized(tensor))
            return _synthesized[tensor] = Rent(tensor.Shape);
        var value = _store[tensor];
        if (_buffers.TryGetValue(tensor, out var cached) && ReferenceEquals(cached.Source, value))
            return cached.Buffer;
        var buffer = Convert(value);
        _buffers[tensor] = (value, buffer);
        return buffer;
    }

    public Relation Relation(TensorSymbol tensor) => (Relation)_store[tensor];

    private DenseBuffer<T> InitialBuffer(TensorSymbol tensor)
    {
        if (IsSynthesized(tensor))
            return Rent(tensor.Shape);
        var converted = Convert(_store.Initial(tensor));
        var copy = Copy(converted);
        Release(converted);
        return copy;
    }

    private DenseBuffer<T> Convert(TensorValue value)
    {
        if (value is SingleTensor single && single.Data is T[] shared)
            return new DenseBuffer<T>(value.Shape, shared);
        if (value is DenseTensor { Data: T[] doubles })
            return new DenseBuffer<T>(value.Shape, doubles);
        var buffer = Rent(value.Shape);
        if (value is SingleTensor floats)
        {
            for (var i = 0; i < floats.Data.Length; i++)
                buffer.Data[i] = T.CreateChecked(floats.Data[i]);
        }
        else if (value is DenseTensor dense)
        {
            for (var i = 0; i < dense.Data.Length; i++)
                buffer.Data[i] = T.CreateChecked(dense.Data[i]);
        }
        else
        {
            foreach (var (cell, element) in value.NonZeros())
                buffer.Data[buffer.Offset(cell)] = T.CreateChecked(element);
        }
        return buffer;
    }

    /// <summary>Keeps the buffer for later kernels and publishes the value (as doubles) in the store.</summary>
    private void Store(TensorSymbol tensor, DenseBuffer<T> buffer)
    {
        if (IsSynthesized(tensor))
        {
            _synthesized[tensor] = buffer;
            return;
        }
        // The value this one replaces (a fixpoint's previous sweep) is no longer read by anything.
        if (_buffers.TryGetValue(tensor, out var previous) && !ReferenceEquals(previous.Buffer.Data, buffer.Data))
            Release(previous.Buffer);
        TensorValue value = buffer.Data switch
        {
            float[] floats => new SingleTensor(tensor, tensor.Shape, floats),
            double[] doubles => new DenseTensor(tensor, tensor.Shape, doubles),
            _ => throw new NotSupportedException(typeof(T).Name),
        };
        _store[tensor] = value;
        _buffers[tensor] = (value, buffer);
    }

    private void Record(IrEquation equation, TimeSpan elapsed)
    {
        if (!_profile.TryGetValue(equation, out var entry))
        {
            var kinds = equation.Terms.Select(t => t switch
            {
                ContractionTerm c => string.Join("+", c.Plan.Steps.Select(s => s.Kind.ToString().ToLowerInvariant()).Distinct()),
                BroadcastTerm => "broadcast",
                WindowTerm w => "window+" + string.Join("+", w.Contraction.Plan.Steps.Select(s => s.Kind.ToString().ToLowerInvariant()).Distinct()),
                _ => "loop",
            });
            var flops = equation.Terms.Sum(t => t switch
            {
                ContractionTerm c => c.Plan.Flops,
                BroadcastTerm b => b.Output.Elements,
                WindowTerm w => w.Contraction.Plan.Flops,
                LoopTerm l => l.Term.Variables.Aggregate(1.0, (a, v) => a * v.Domain.Size) * Math.Max(1, l.Term.Factors.Length),
                _ => 0,
            });
            entry = new EquationProfile(equation.Source, string.Join(", ", kinds.Distinct()), flops, TimeSpan.Zero, 0);
        }
        _profile[equation] = entry with { Time = entry.Time + elapsed, Calls = entry.Calls + 1 };
    }
}
