using ILGPU.Runtime;
using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Relational;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Resources;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Gpu.Execution;

/// <summary>
/// A semi-naive stratum of plain rules with every round on the device: relations are sorted 64-bit keys
/// (<see cref="DeviceRelation"/>), each rule a chain of joins (<see cref="GpuRule"/>), and a round's new tuples
/// are the derived ones minus the known ones, added by a merge. Only the round's counts and, at the end, the
/// relations themselves cross to the host. Strata with anything but plain positive rules are left to the
/// equation kernels (and so to the engine's fallback).
/// </summary>
internal sealed class GpuSemiNaive : IStratumKernel<float>, IDescribedKernel
{
    private readonly GpuDevice _device;
    private readonly AcceleratorStream _stream;
    private readonly SemiNaiveRecursion _recursion;
    private readonly IReadOnlyList<GpuRule> _rules;
    private readonly IReadOnlyList<GpuRule> _deltaRules;

    private GpuSemiNaive(GpuDevice device, AcceleratorStream stream, SemiNaiveRecursion recursion, IReadOnlyList<GpuRule> rules, IReadOnlyList<GpuRule> deltaRules)
    {
        _device = device;
        _stream = stream;
        _recursion = recursion;
        _rules = rules;
        _deltaRules = deltaRules;
    }

    public string Kind { get; private set; } = "semi-naive on device";

    public string Specialization =>
        string.Join("\n", _rules.SelectMany(r => r.Description).Select(d => "round 0: " + d)
            .Concat(_deltaRules.SelectMany(r => r.Description).Select(d => "rounds: " + d)));

    /// <summary>The stratum's kernel, or null when some rule is not a plain positive rule over relations.</summary>
    public static GpuSemiNaive? For(IrStratum stratum, GpuDevice device, AcceleratorStream stream)
    {
        if (stratum is not { Kind: StratumKind.SemiNaive, Recursion: { } recursion })
            return null;
        var rules = new List<GpuRule>();
        var deltaRules = new List<GpuRule>();
        foreach (var (equations, into) in new[] { (stratum.Equations, rules), (recursion.DeltaEquations, deltaRules) })
        {
            foreach (var equation in equations)
            {
                if (GpuRule.Compile(equation).Rule is not { } rule || !Packable(equation.Target) || !rule.Reads.All(Packable))
                    return null;
                into.Add(rule);
            }
        }
        return new GpuSemiNaive(device, stream, recursion, rules, deltaRules);
    }

    /// <summary>A relation whose tuples fit 64-bit keys.</summary>
    internal static bool Packable(TensorSymbol relation)
    {
        var cells = 1.0;
        foreach (var size in relation.Shape)
            cells *= size;
        return relation.IsBoolean && relation.Shape.All(s => s > 0) && cells < 9e18;
    }

    public IReadOnlyDictionary<TensorSymbol, Relation> Run(IKernelContext<float> context, IReadOnlyDictionary<TensorSymbol, Relation> initial, CancellationToken cancellation)
    {
        var device = new DeviceRelations(_device, _stream);
        var known = new Dictionary<TensorSymbol, DeviceRelation>();
        var deltas = new Dictionary<TensorSymbol, DeviceRelation>();
        var lower = new Dictionary<TensorSymbol, DeviceRelation>();
        var indexes = new Dictionary<(TensorSymbol, string), JoinIndex>();
        try
        {
            foreach (var relation in _recursion.Relations)
                known[relation.Relation] = device.Upload(ShapeOf(relation.Relation), initial[relation.Relation].Tuples);
            DeviceRelation RelationOf(TensorSymbol tensor)
            {
                if (known.TryGetValue(tensor, out var relation) || deltas.TryGetValue(tensor, out relation) || lower.TryGetValue(tensor, out relation))
                    return relation;
                // A relation of a lower stratum: uploaded once, read every round.
                return lower[tensor] = device.Upload(ShapeOf(tensor), context.Relation(tensor).Tuples);
            }
            // A relation of a lower stratum is the same every round: its join indexes are built once.
            (JoinIndex, bool) IndexOf(TensorSymbol tensor, int[] columns)
            {
                var relation = RelationOf(tensor);
                if (!lower.ContainsKey(tensor))
                    return (device.IndexForJoin(relation, columns), false);
                var key = (tensor, string.Join(",", columns));
                if (!indexes.TryGetValue(key, out var index))
                    indexes[key] = index = device.IndexForJoin(relation, columns);
                return (index, true);
            }
            var rounds = 0;
            var fresh = NewTuples(device, _rules, known, RelationOf, IndexOf);
            while (fresh.Values.Any(f => f.Count > 0))
            {
                cancellation.ThrowIfCancellationRequested();
                rounds++;
                foreach (var relation in _recursion.Relations)
                {
                    var added = fresh[relation.Relation];
                    // The new tuples are what the rules derived minus the known ones: a merge, no overlap to remove.
                    var grown = device.UnionOfDisjoint(known[relation.Relation], added);
                    known[relation.Relation].Dispose();
                    known[relation.Relation] = grown;
                    // The tuple limit and the time limit hold on the device too: checked once a round per relation.
                    ResourceGuard.Grown(grown.Count);
                    deltas.GetValueOrDefault(relation.Delta)?.Dispose();
                    // ΔR and R⁺ are the same tuples: the round's new ones.
                    deltas[relation.Delta] = added;
                    deltas[relation.New] = added;
                }
                fresh = NewTuples(device, _deltaRules, known, RelationOf, IndexOf);
            }
            foreach (var leftover in fresh.Values)
                leftover.Dispose();
            Kind = $"semi-naive, {rounds} rounds";
            return known.ToDictionary(k => k.Key, k => ToHost(k.Key, k.Value));
        }
        catch (DeviceCapacityException e)
        {
            // A join or union beyond what one device sort takes: the rounds go to the equation kernels.
            throw new StratumKernelDeclinedException($"the device stopped: {e.Message}");
        }
        finally
        {
            foreach (var index in indexes.Values)
                index.Dispose();
            foreach (var relation in known.Values.Concat(lower.Values).Concat(deltas.Values.Distinct()))
                relation.Dispose();
        }
    }

    /// <summary>What the rules derive, per recursive relation, minus what it already holds.</summary>
    private Dictionary<TensorSymbol, DeviceRelation> NewTuples(DeviceRelations device, IReadOnlyList<GpuRule> rules,
        Dictionary<TensorSymbol, DeviceRelation> known, Func<TensorSymbol, DeviceRelation> relationOf,
        Func<TensorSymbol, int[], (JoinIndex, bool)> indexOf)
    {
        var fresh = new Dictionary<TensorSymbol, DeviceRelation>();
        foreach (var relation in _recursion.Relations)
        {
            DeviceRelation? derived = null;
            foreach (var rule in rules.Where(r => r.Target == relation.Relation))
                derived = device.Accumulate(derived, rule.Derive(device, relationOf, indexOf));
            if (derived is null)
            {
                fresh[relation.Relation] = device.Empty(ShapeOf(relation.Relation));
                continue;
            }
            fresh[relation.Relation] = device.Difference(derived, known[relation.Relation]);
            derived.Dispose();
        }
        return fresh;
    }

    internal static RelationShape ShapeOf(TensorSymbol relation) => new([.. relation.Shape]);

    private static Relation ToHost(TensorSymbol tensor, DeviceRelation relation)
    {
        var host = new Relation(tensor.Shape);
        foreach (var tuple in relation.ToTuples())
            host.Add(tuple);
        return host;
    }
}
