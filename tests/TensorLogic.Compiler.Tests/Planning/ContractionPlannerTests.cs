using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Planning;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Tests.Planning;

/// <summary>
/// The planner against brute force: for small einsums every binary contraction tree is enumerated, and the
/// planner's FLOP count must equal the minimum (the dynamic programme is exact; greedy may not be).
/// </summary>
public class ContractionPlannerTests
{
    private static ImmutableArray<IrOperand> Operands(string spec, Dictionary<char, IrIndex> indices, out IrOperand output)
    {
        var parts = spec.Split("->");
        var inputs = parts[0].Split(',').Select((s, i) => Operand($"T{i}", s, indices)).ToImmutableArray();
        output = Operand("Out", parts[1], indices);
        return inputs;
    }

    private static IrOperand Operand(string name, string letters, Dictionary<char, IrIndex> indices) =>
        new(TensorSymbol.Temporary(name), [.. letters.Select(c => indices[c])]);

    private static Dictionary<char, IrIndex> Sizes(string spec, Func<char, int> size) =>
        spec.Where(char.IsLetter).Distinct().Select((c, i) => new IrIndex(i, c.ToString(), size(c))).ToDictionary(i => i.Name[0]);

    /// <summary>The least FLOPs over all binary trees: 2·Π sizes of the union of the two sides, per step.</summary>
    private static double BruteForce(IReadOnlyList<HashSet<IrIndex>> operands, HashSet<IrIndex> output)
    {
        if (operands.Count == 1)
            return 0;
        var best = double.PositiveInfinity;
        for (var a = 0; a < operands.Count; a++)
        {
            for (var b = a + 1; b < operands.Count; b++)
            {
                var rest = operands.Where((_, i) => i != a && i != b).ToList();
                var needed = rest.SelectMany(r => r).Concat(output).ToHashSet();
                var union = operands[a].Union(operands[b]).ToHashSet();
                var result = union.Where(needed.Contains).ToHashSet();
                var flops = 2 * union.Aggregate(1.0, (x, i) => x * i.Size);
                best = Math.Min(best, flops + BruteForce([.. rest, result], output));
            }
        }
        return best;
    }

    private static double ReducedBruteForce(ImmutableArray<IrOperand> inputs, IrOperand output)
    {
        // Indices private to one operand are summed first, as the planner does, at the cost of one pass.
        var sets = inputs.Select(o => o.Indices.ToHashSet()).ToList();
        var reduceCost = 0.0;
        for (var i = 0; i < sets.Count; i++)
        {
            var others = sets.Where((_, j) => j != i).SelectMany(s => s).Concat(output.Indices).ToHashSet();
            var kept = sets[i].Where(others.Contains).ToHashSet();
            if (kept.Count != sets[i].Count)
            {
                reduceCost += sets[i].Aggregate(1.0, (x, index) => x * index.Size);
                sets[i] = kept;
            }
        }
        return reduceCost + BruteForce(sets, [.. output.Indices]);
    }

    [Theory]
    [InlineData("abc,cfd,dbe,efa->", 20)]
    [InlineData("pi,qj,ijkl,rk,sl->pqrs", 10)]
    [InlineData("ij,jk,kl,lm->im", 7)]
    [InlineData("ab,bc,cd,de,ef,fa->", 5)]
    public void Exhaustive_planning_finds_the_least_flops(string spec, int size)
    {
        var indices = Sizes(spec, _ => size);
        var inputs = Operands(spec, indices, out var output);
        var plan = ContractionPlanner.Default.Plan(inputs, output, TensorSymbol.Temporary)!;
        Assert.Equal(ReducedBruteForce(inputs, output), plan.Flops, 6);
    }

    [Fact]
    public void Uneven_sizes_pick_the_cheap_association()
    {
        // (A·B)·v costs 2·1000·1000·10 + ...; A·(B·v) is two matrix-vector products.
        var sizes = new Dictionary<char, int> { ['i'] = 1000, ['j'] = 1000, ['k'] = 1000 };
        var indices = Sizes("ij,jk,k->i", c => sizes[c]);
        var inputs = Operands("ij,jk,k->i", indices, out var output);
        var plan = ContractionPlanner.Default.Plan(inputs, output, TensorSymbol.Temporary)!;
        Assert.Equal(2 * 1000 * 1000 * 2.0, plan.Flops);
        Assert.Equal("T1[j,k] * T2[k] -> $t0[j]", $"{plan.Steps[0].Left} * {plan.Steps[0].Right} -> {plan.Steps[0].Result}");
    }

    [Fact]
    public void The_memory_cap_forbids_large_intermediates()
    {
        // Contracting the two outer products first would build a 100^4 intermediate; with a cap of 10^6
        // elements the planner must go around it, even at a higher FLOP count.
        var indices = Sizes("ab,cd,abcd->", _ => 100);
        var inputs = Operands("ab,cd,abcd->", indices, out var output);
        var capped = new ContractionPlanner(new PlannerOptions { MemoryCapElements = 1_000_000 }).Plan(inputs, output, TensorSymbol.Temporary)!;
        Assert.True(capped.LargestIntermediate <= 1_000_000, $"largest intermediate {capped.LargestIntermediate}");
    }

    [Fact]
    public void Greedy_planning_is_used_beyond_the_exhaustive_limit_and_stays_valid()
    {
        var spec = "ab,bc,cd,de,ef,fg,gh,hi,ij,jk,kl,lm->am";
        var indices = Sizes(spec, _ => 4);
        var inputs = Operands(spec, indices, out var output);
        var plan = ContractionPlanner.Default.Plan(inputs, output, TensorSymbol.Temporary)!;
        Assert.Equal(inputs.Length - 1, plan.Steps.Length);
        Assert.Equal(output, plan.Steps[^1].Result);
        // A chain of 4x4 matrices: 11 products of 2·4·4·4 FLOPs each is the least possible.
        Assert.Equal(11 * 2 * 64.0, plan.Flops);
    }

    [Fact]
    public void No_plan_when_every_order_needs_an_intermediate_over_the_cap()
    {
        // Par(p, x) Sg(p, q) Par(q, y) -> Sg(x, y) over 50,000 nodes: any pair of the three leaves three free
        // indices of 50,000 each, 1.25e14 elements, far over the cap; the term is left to a loop.
        var spec = "px,pq,qy->xy";
        var indices = Sizes(spec, _ => 50_000);
        var inputs = Operands(spec, indices, out var output);
        Assert.Null(ContractionPlanner.Default.Plan(inputs, output, TensorSymbol.Temporary));
    }
}

