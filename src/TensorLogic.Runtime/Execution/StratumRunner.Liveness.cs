using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// Giving values back once nothing will read them. When the tensors a run will ask for are known in advance
/// (every output of <c>tlc run</c>), a computed value that is not one of them is needed only until the last
/// stratum that reads it has run; its array then goes back to the <see cref="ArrayCache{TElement}"/>, where
/// the next equation's result finds it already mapped. A chain of ten products so uses two or three buffers
/// instead of ten fresh ones, whose first touch costs a page fault per 4 KB. The same holds for the engine's
/// copies of data in its precision. A released stratum counts as not evaluated, so asking for it again
/// computes it again.
/// </summary>
public sealed partial class StratumRunner<T>
{
    // Per stratum: how many strata still to run read its values. Null when nothing is released.
    private Dictionary<IrStratum, int>? _readersLeft;
    private Dictionary<TensorSymbol, int>? _dataReadersLeft;
    private HashSet<TensorSymbol> _roots = [];

    public void ReleaseAfterLastUse(IReadOnlyCollection<TensorSymbol>? roots)
    {
        _readersLeft = null;
        _dataReadersLeft = null;
        _roots = roots is null ? [] : [.. roots];
        if (roots is null)
            return;
        var cone = Cone(roots);
        _readersLeft = new(ReferenceEqualityComparer.Instance);
        _dataReadersLeft = [];
        foreach (var stratum in Program.Strata.Where(s => !_evaluated.Contains(s) && s.Tensors.Any(cone.Contains)))
        {
            foreach (var producer in ProducersReadBy(stratum))
                _readersLeft[producer] = _readersLeft.GetValueOrDefault(producer) + 1;
            foreach (var data in DataReadBy(stratum))
                _dataReadersLeft[data] = _dataReadersLeft.GetValueOrDefault(data) + 1;
        }
    }

    /// <summary>After <paramref name="stratum"/> ran: what it was the last to read goes back.</summary>
    private void ReleaseReadBy(IrStratum stratum)
    {
        if (_readersLeft is null || _dataReadersLeft is null)
            return;
        foreach (var producer in ProducersReadBy(stratum))
        {
            if (_readersLeft.TryGetValue(producer, out var left) && (_readersLeft[producer] = left - 1) == 0)
                ReleaseStratum(producer);
        }
        foreach (var data in DataReadBy(stratum))
        {
            if (_dataReadersLeft.TryGetValue(data, out var left) && (_dataReadersLeft[data] = left - 1) == 0 && !_roots.Contains(data))
                ReleaseConversion(data);
        }
    }

    private void ReleaseStratum(IrStratum stratum)
    {
        if (stratum.IsFolded || stratum.Tensors.Any(_roots.Contains))
            return;
        // Only dense values in T are this runner's arrays to give back; a relation stays, and so does its stratum.
        var values = stratum.Tensors.Select(t => (Tensor: t, Value: t.IsSynthesized ? _synthesized.GetValueOrDefault(t) : _published.GetValueOrDefault(t))).ToList();
        foreach (var (tensor, _) in values)
            ReleaseConversion(tensor);
        if (!values.All(v => v.Value is DenseTensor<T>))
            return;
        foreach (var (tensor, value) in values)
        {
            Release((DenseTensor<T>)value!);
            if (tensor.IsSynthesized)
                _synthesized.Remove(tensor);
            else
            {
                _published.Remove(tensor);
                _store.Forget(tensor);
            }
        }
        _evaluated.Remove(stratum);
    }

    private void ReleaseConversion(TensorSymbol tensor)
    {
        if (_converted.Remove(tensor, out var conversion))
            Release(conversion.Converted);
    }

    /// <summary>The other strata whose values <paramref name="stratum"/> reads.</summary>
    private IEnumerable<IrStratum> ProducersReadBy(IrStratum stratum) =>
        ReadsOf(stratum).Select(t => _producers.GetValueOrDefault(t)).OfType<IrStratum>().Where(p => !ReferenceEquals(p, stratum)).Distinct();

    /// <summary>The tensors <paramref name="stratum"/> reads that no equation computes: data, converted to T when first read.</summary>
    private IEnumerable<TensorSymbol> DataReadBy(IrStratum stratum) => ReadsOf(stratum).Where(t => !_producers.ContainsKey(t));

    /// <summary>
    /// What <paramref name="targets"/> still need: their cone, not followed past strata that are evaluated (whose
    /// inputs may have been given back already).
    /// </summary>
    private HashSet<TensorSymbol> Unevaluated(IReadOnlyCollection<TensorSymbol> targets) =>
        DependencyCone.Of(targets, t => _producers.TryGetValue(t, out var s) && _evaluated.Contains(s) ? [] : ReadsOf(t));

    /// <summary>What a stratum's kernels read (for fused attention, the weights' inputs rather than the weights).</summary>
    private IEnumerable<TensorSymbol> ReadsOf(IrStratum stratum) => stratum.Equations.SelectMany(e => ReadsOf(e)).Distinct();
}
