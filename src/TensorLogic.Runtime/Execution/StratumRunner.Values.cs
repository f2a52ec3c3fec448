using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Execution;

/// <summary>The runner as the kernels' context: tensor values, their conversion to T, and rented memory.</summary>
public sealed partial class StratumRunner<T>
{
    public TensorValue Value(TensorSymbol tensor)
    {
        if (!tensor.IsSynthesized)
            return _store[tensor];
        if (!_synthesized.TryGetValue(tensor, out var value))
            _synthesized[tensor] = value = tensor.IsBoolean ? new Relation(tensor.Shape) : Rent(tensor.Shape);
        return value;
    }

    public TensorValue Initial(TensorSymbol tensor) => tensor.IsSynthesized ? TensorStore.Empty(tensor) : _store.Initial(tensor);

    public DenseTensor<T> Dense(TensorSymbol tensor)
    {
        var value = Value(tensor);
        if (value is DenseTensor<T> dense)
            return dense;
        // A relation grows in place (semi-naive rounds), so only a dense source stays what it was converted from.
        if (_converted.TryGetValue(tensor, out var cached) && ReferenceEquals(cached.Source, value) && value is not Values.Relation)
            return cached.Converted;
        var converted = Convert(value);
        if (value is SparseTensor sparse)
            ReportSparseOverflow(tensor, sparse);
        else
            ReportConversionOverflow(tensor, value, converted);
        if (_converted.TryGetValue(tensor, out var previous))
            Release(previous.Converted);
        _converted[tensor] = (value, converted);
        return converted;
    }

    /// <summary>The tensor's value when it is held as weighted tuples (sparse real data), for kernels that read it cell by cell.</summary>
    public SparseTensor? Sparse(TensorSymbol tensor)
    {
        if (Value(tensor) is not SparseTensor sparse)
            return null;
        ReportSparseOverflow(tensor, sparse);
        return sparse;
    }

    public Relation Relation(TensorSymbol tensor) => (Relation)Value(tensor);

    public double Get(TensorSymbol tensor, ReadOnlySpan<int> cell) => Value(tensor).Get(cell);

    public IReadOnlyList<int[]> Match(TensorSymbol tensor, ReadOnlySpan<int> pattern) => Relation(tensor).Match(pattern);

    public DenseTensor<T> Rent(ImmutableArray<int> shape, bool clear = true)
    {
        var elements = new RowMajorLayout(shape).Elements;
        if (elements > Array.MaxLength)
            throw new TensorTooLargeException(null, shape);
        var array = _small.Rent((int)elements, clear) ?? ArrayCache<T>.Rent((int)elements, clear);
        _rented.Add(array);
        return new DenseTensor<T>(shape, array);
    }

    public int[] RentCounts(int length)
    {
        var counts = _smallCounts.Rent(length, clear: true) ?? ArrayCache<int>.Rent(length);
        _rentedCounts.Add(counts);
        return counts;
    }

    /// <summary>Makes <paramref name="value"/> the tensor's current value, giving back the buffer it replaces.</summary>
    private void Publish(TensorSymbol tensor, TensorValue value)
    {
        var previous = tensor.IsSynthesized ? _synthesized.GetValueOrDefault(tensor) : _store.IsComputed(tensor) ? _store[tensor] : null;
        if (tensor.IsSynthesized)
            _synthesized[tensor] = value;
        else
        {
            _store[tensor] = value;
            _published[tensor] = value;
        }
        // The value this one replaces (a fixpoint's previous sweep) is no longer read by anything.
        if (previous is DenseTensor<T> old && !ReferenceEquals(old, value) && !old.SharesStorageWith(value as DenseTensor<T>))
            Release(old);
    }

    private DenseTensor<T> Convert(TensorValue value)
    {
        var buffer = Rent(value.Shape);
        value.CopyTo(buffer);
        return buffer;
    }

    /// <summary>A rented copy of the tensor's data in T, to add results to.</summary>
    private DenseTensor<T> InitialDense(TensorSymbol tensor)
    {
        if (tensor.IsSynthesized)
            return Rent(tensor.Shape);
        var initial = _store.Initial(tensor);
        return initial is DenseTensor<T> same ? Copy(same) : Convert(initial);
    }

    private DenseTensor<T> Copy(DenseTensor<T> buffer)
    {
        var copy = Rent(buffer.Shape);
        buffer.Data.AsSpan().CopyTo(copy.Data);
        return copy;
    }

    private void Release(EquationResult<T> result)
    {
        if (result.Values is { } values)
            Release(values);
        ReleaseCounts(result.Counts);
    }

    public void Return(DenseTensor<T> tensor) => Release(tensor);

    private void Release(DenseTensor<T> buffer)
    {
        // An engine's copy (a GPU buffer) goes back with it; the elements are not copied to the host first.
        buffer.Detach();
        if (_rented.Remove(buffer.Storage) && !_small.Keep(buffer.Storage))
            ArrayCache<T>.Return(buffer.Storage);
    }

    private void ReleaseCounts(int[]? counts)
    {
        if (counts is not null && _rentedCounts.Remove(counts) && !_smallCounts.Keep(counts))
            ArrayCache<int>.Return(counts);
    }

    /// <summary>
    /// After the store forgot every computed value (new data), the arrays behind this runner's values go back
    /// to the cache, so that a training loop reuses them step after step instead of renting new ones. Buffers
    /// that kernels keep between calls are not among them.
    /// </summary>
    private void ReleaseValues(IReadOnlySet<TensorSymbol> keep)
    {
        foreach (var values in new[] { _published, _synthesized })
        {
            foreach (var (tensor, value) in values.Where(v => !keep.Contains(v.Key)).ToList())
            {
                if (value is DenseTensor<T> dense)
                    Release(dense);
                values.Remove(tensor);
            }
        }
        // A conversion stays valid while its source is still the tensor's data (data that was not replaced)
        // or a kept folded value.
        foreach (var (tensor, (source, converted)) in _converted.ToList())
        {
            var kept = keep.Contains(tensor) && _published.TryGetValue(tensor, out var value) && ReferenceEquals(value, source);
            if (!kept && (tensor.IsSynthesized || !ReferenceEquals(source, _store.Initial(tensor))))
            {
                Release(converted);
                _converted.Remove(tensor);
            }
        }
    }

    /// <summary>Gives every array this runner rented back to the cache: its values are not to be used afterwards.</summary>
    public void Dispose()
    {
        foreach (var array in _rented)
            ArrayCache<T>.Return(array);
        _rented.Clear();
        foreach (var counts in _rentedCounts)
            ArrayCache<int>.Return(counts);
        _rentedCounts.Clear();
        _small.Clear();
        _smallCounts.Clear();
        _converted.Clear();
        _synthesized.Clear();
        _kernels.Dispose();
    }
}
