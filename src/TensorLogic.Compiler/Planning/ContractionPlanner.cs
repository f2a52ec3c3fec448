using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Planning;

/// <summary>Settings of the contraction planner.</summary>
public sealed record PlannerOptions
{
    /// <summary>Up to this many inputs the order is optimal (dynamic programming over subsets); beyond, greedy.</summary>
    public int ExhaustiveLimit { get; init; } = 10;

    /// <summary>No intermediate may hold more elements than this (the final output excepted).</summary>
    public long MemoryCapElements { get; init; } = 1L << 28;

    /// <summary>Below this many multiply-adds in all a GEMM call costs more than it saves.</summary>
    public long GemmThreshold { get; init; } = 4096;

    /// <summary>
    /// Below this many multiply-adds per batch item the GEMM kernel's blocking does not pay either. Batched
    /// small products (attention's scores over examples and heads, 15·15·16 per item) are above it.
    /// </summary>
    public long GemmItemThreshold { get; init; } = 512;
}

/// <summary>
/// Chooses the order in which a multi-factor einsum is contracted pairwise, minimizing floating-point
/// work (with the bytes of intermediates as the tie-breaker) under a memory cap: exhaustively by dynamic
/// programming over subsets for small terms, greedily for large ones. Each index is summed away at the
/// first step after which nothing else needs it, which is what makes
/// <c>pi,qj,ijkl,rk,sl->pqrs</c> cheap.
/// </summary>
public sealed class ContractionPlanner(PlannerOptions options)
{
    private const double SparseDensity = 0.05;

    // FLOPs decide; the size of intermediates only breaks ties between orders of (nearly) equal work.
    private const double IntermediateWeight = 1e-6;

    public static readonly ContractionPlanner Default = new(new PlannerOptions());

    /// <summary>The most factors one term may have and still be planned: sets of factors are bit masks in a ulong.</summary>
    public const int MaxInputs = 64;

    private sealed record Partial(ulong Indices, double Cost, double Flops, long Largest, ContractionStep[] Steps, IrOperand Result);

    /// <summary>
    /// The cheapest order, or null when every order needs an intermediate over the memory cap (a join of
    /// large relations through a shared index: <c>Par(p, x) Sg(p, q)</c> over 50,000 nodes); the term is then
    /// evaluated binding by binding instead, which materializes nothing.
    /// </summary>
    public ContractionPlan? Plan(ImmutableArray<IrOperand> inputs, IrOperand output, Func<string, TensorSymbol> temporary)
    {
        // Sets of inputs are bit masks in a ulong, and the greedy search is cubic in the inputs: a join of more
        // factors (A[i] A[i] ... 70 times) is evaluated binding by binding, as one over the memory cap is.
        if (inputs.Length > MaxInputs)
            return null;
        var indexIds = inputs.SelectMany(o => o.Indices).Concat(output.Indices).Distinct().ToList();
        // Sets of indices are bit masks in a ulong: a term over more (a sum over a rank-70 tensor) is evaluated
        // binding by binding too.
        if (indexIds.Count > 64)
            return null;
        var bit = indexIds.Select((index, position) => (index, position)).ToDictionary(x => x.index, x => 1UL << x.position);
        ulong Mask(IrOperand operand) => operand.Indices.Aggregate(0UL, (m, i) => m | bit[i]);
        var outputMask = Mask(output);
        var masks = inputs.Select(Mask).ToArray();
        var counter = 0;

        IrOperand Intermediate(ulong mask, bool isFinal)
        {
            if (isFinal)
                return output;
            var indices = indexIds.Where(i => (mask & bit[i]) != 0).ToImmutableArray();
            return new IrOperand(TensorSymbol.Temporary($"$pending{counter++}"), indices);
        }

        // What must survive contracting the inputs in `subset`: indices the output or any other input needs.
        ulong Keep(ulong subset)
        {
            var others = outputMask;
            for (var i = 0; i < masks.Length; i++)
            {
                if ((subset & (1UL << i)) == 0)
                    others |= masks[i];
            }
            var own = 0UL;
            for (var i = 0; i < masks.Length; i++)
            {
                if ((subset & (1UL << i)) != 0)
                    own |= masks[i];
            }
            return own & others;
        }

        double Size(ulong mask) => indexIds.Where(i => (mask & bit[i]) != 0).Aggregate(1.0, (a, i) => a * i.Size);

        var all = inputs.Length == 64 ? ulong.MaxValue : (1UL << inputs.Length) - 1;
        var leaves = inputs.Select((operand, i) => Leaf(operand, masks[i], Keep(1UL << i), i, all)).ToArray();
        Partial? result;
        if (inputs.Length == 1)
            result = leaves[0];
        // The exhaustive search keeps a table over every subset: 2^24 entries at most, whatever the option says.
        else if (inputs.Length <= Math.Min(options.ExhaustiveLimit, 24))
            result = Exhaustive(leaves, (int)all);
        else
            result = Greedy(leaves);
        if (result is null || double.IsPositiveInfinity(result.Cost))
            return null;
        return new ContractionPlan(Renumber(result.Steps, temporary), result.Flops, result.Largest);

        // A single input whose private indices can be summed right away is reduced first.
        Partial Leaf(IrOperand operand, ulong mask, ulong keep, int i, ulong everything)
        {
            var isFinal = (1UL << i) == everything;
            if (keep == mask && !isFinal)
                return new Partial(mask, 0, 0, 0, [], operand);
            var reduced = Intermediate(keep, isFinal);
            var flops = Size(mask) * (operand.IsSparse ? SparseDensity : 1);
            var largest = isFinal ? 0 : (long)Size(keep);
            return new Partial(keep, flops, flops, largest, [new ContractionStep(operand, null, reduced, StepKind.Reduce, flops)], reduced);
        }

        Partial Combine(Partial left, Partial right, ulong subset)
        {
            var union = left.Indices | right.Indices;
            var keep = Keep(subset);
            var isFinal = subset == all;
            var density = (left.Result.IsSparse ? SparseDensity : 1) * (right.Result.IsSparse ? SparseDensity : 1);
            var flops = 2 * Size(union) * density;
            var resultSize = Size(keep);
            var cost = left.Cost + right.Cost + flops + (isFinal ? 0 : resultSize * IntermediateWeight);
            if (!isFinal && resultSize > options.MemoryCapElements)
                cost = double.PositiveInfinity;
            var resultOperand = Intermediate(keep, isFinal);
            var step = new ContractionStep(left.Result, right.Result, resultOperand, Kind(left.Result, right.Result, resultOperand), flops);
            return new Partial(keep, cost, left.Flops + right.Flops + flops,
                Math.Max(Math.Max(left.Largest, right.Largest), isFinal ? 0 : (long)resultSize),
                [.. left.Steps, .. right.Steps, step], resultOperand);
        }

        Partial? Exhaustive(Partial[] initial, int everything)
        {
            var best = new Partial?[everything + 1];
            for (var i = 0; i < initial.Length; i++)
                best[1 << i] = initial[i];
            for (var subset = 1; subset <= everything; subset++)
            {
                if (BitOperations.PopCount((uint)subset) < 2)
                    continue;
                // Enumerate splits once each: the part holding the lowest input is the left side.
                var lowest = subset & -subset;
                for (var left = (subset - 1) & subset; left > 0; left = (left - 1) & subset)
                {
                    if ((left & lowest) == 0)
                        continue;
                    var right = subset & ~left;
                    if (best[left] is not { } a || best[right] is not { } b)
                        continue;
                    if (a.Cost + b.Cost >= (best[subset]?.Cost ?? double.PositiveInfinity))
                        continue;
                    var candidate = CombineCost(a, b, (ulong)subset);
                    if (candidate < (best[subset]?.Cost ?? double.PositiveInfinity))
                        best[subset] = Combine(a, b, (ulong)subset);
                }
            }
            return best[everything];
        }

        double CombineCost(Partial left, Partial right, ulong subset)
        {
            var keep = Keep(subset);
            var density = (left.Result.IsSparse ? SparseDensity : 1) * (right.Result.IsSparse ? SparseDensity : 1);
            var flops = 2 * Size(left.Indices | right.Indices) * density;
            var resultSize = Size(keep);
            if (subset != all && resultSize > options.MemoryCapElements)
                return double.PositiveInfinity;
            return left.Cost + right.Cost + flops + (subset == all ? 0 : resultSize * IntermediateWeight);
        }

        Partial Greedy(Partial[] initial)
        {
            var pool = initial.Select((p, i) => (Partial: p, Subset: 1UL << i)).ToList();
            while (pool.Count > 1)
            {
                var bestCost = double.PositiveInfinity;
                (int A, int B) bestPair = (0, 1);
                for (var a = 0; a < pool.Count; a++)
                {
                    for (var b = a + 1; b < pool.Count; b++)
                    {
                        var cost = CombineCost(pool[a].Partial, pool[b].Partial, pool[a].Subset | pool[b].Subset);
                        if (cost < bestCost)
                        {
                            bestCost = cost;
                            bestPair = (a, b);
                        }
                    }
                }
                var (first, second) = (pool[bestPair.A], pool[bestPair.B]);
                var merged = Combine(first.Partial, second.Partial, first.Subset | second.Subset);
                pool.RemoveAt(bestPair.B);
                pool[bestPair.A] = (merged, first.Subset | second.Subset);
            }
            return pool[0].Partial;
        }
    }

    /// <summary>Gives the intermediates their final names, $t0, $t1, ... in the order the steps produce them.</summary>
    private static ImmutableArray<ContractionStep> Renumber(IEnumerable<ContractionStep> steps, Func<string, TensorSymbol> temporary)
    {
        var names = new Dictionary<TensorSymbol, IrOperand>();
        IrOperand Rename(IrOperand operand) => names.GetValueOrDefault(operand.Tensor) ?? operand;
        var renamed = ImmutableArray.CreateBuilder<ContractionStep>();
        foreach (var step in steps)
        {
            var result = step.Result;
            if (result.Tensor.Name.StartsWith("$pending", StringComparison.Ordinal))
            {
                result = result with { Tensor = temporary($"$t{names.Count}") };
                names[step.Result.Tensor] = result;
            }
            renamed.Add(step with { Left = Rename(step.Left), Right = step.Right is null ? null : Rename(step.Right), Result = result });
        }
        return renamed.ToImmutable();
    }

    /// <summary>The implementation of one pairwise step, from its shape.</summary>
    public StepKind Kind(IrOperand left, IrOperand right, IrOperand result)
    {
        if (left.IsSparse || right.IsSparse)
            return StepKind.SparseGather;
        var shape = GemmShape.Of(left, right, result);
        var perItem = shape.MSize * shape.NSize * shape.KSize;
        return perItem >= options.GemmItemThreshold && perItem * shape.BatchSize >= options.GemmThreshold
            && shape.KSize > 1 && shape.MSize * shape.NSize > 1
            ? StepKind.Gemm
            : StepKind.MultiplyReduce;
    }
}
