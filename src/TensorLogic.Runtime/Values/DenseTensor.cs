using System.Collections.Immutable;
using System.Numerics;

namespace TensorLogic.Runtime.Values;

/// <summary>
/// A dense real tensor in float or double, row-major: a program tensor's value in the store, a kernel's
/// temporary, an equation's accumulator. The one dense type every engine, the data readers and writers and
/// the answers share, so no value is converted on its way between them. Kernels take pointers with
/// <c>fixed</c> on <see cref="Data"/>.
/// </summary>
public sealed class DenseTensor<T> : TensorValue
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RowMajorLayout _layout;
    private readonly T[] _data;
    private ITensorMirror<T>? _mirror;
    private bool _hostStale;

    public DenseTensor(ImmutableArray<int> shape, T[]? data = null)
        : base(shape)
    {
        _layout = new RowMajorLayout(shape);
        if (_layout.Elements > Array.MaxLength)
            throw new TensorTooLargeException(null, shape);
        Strides = _layout.Strides.ToArray();
        if (data is null)
            Resources.ResourceGuard.Reserve(_layout.Elements * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        _data = data ?? new T[_layout.Elements];
        if (_data.Length != _layout.Elements)
            throw new ArgumentException($"{_data.Length} elements for shape [{string.Join(", ", shape)}]");
    }

    /// <summary>Element strides per axis (row-major).</summary>
    public long[] Strides { get; }

    /// <summary>
    /// The elements. When an engine computed them into its own memory (<see cref="Mirror"/>) and nothing on
    /// the host has read them yet, the first read copies them here: a GPU's results cross to the host only
    /// when the host needs them. Whoever writes the elements calls <see cref="MarkChanged"/> afterwards.
    /// </summary>
    public T[] Data
    {
        get
        {
            if (_hostStale)
            {
                _mirror!.CopyTo(_data);
                _hostStale = false;
            }
            return _data;
        }
    }

    public int Length => _data.Length;

    /// <summary>Counts writes to <see cref="Data"/>, so that a mirror knows whether it still holds the same elements.</summary>
    public long Version { get; private set; }

    /// <summary>The copy an engine keeps in its own memory, if any; it holds the elements of <see cref="MirrorVersion"/>.</summary>
    public ITensorMirror<T>? Mirror => _mirror;

    public long MirrorVersion { get; private set; }

    /// <summary>The elements were written on the host: a mirror no longer holds them.</summary>
    public void MarkChanged()
    {
        Version++;
    }

    /// <summary>
    /// Attaches an engine's copy of the elements (replacing and releasing any other). With
    /// <paramref name="hostStale"/>, the mirror is the only copy: the host's elements are filled from it on first read.
    /// </summary>
    public void Attach(ITensorMirror<T> mirror, bool hostStale)
    {
        if (!ReferenceEquals(_mirror, mirror))
            _mirror?.Release();
        if (hostStale)
            Version++;
        _mirror = mirror;
        _hostStale = hostStale;
        MirrorVersion = Version;
    }

    /// <summary>Releases the mirror without copying it back (the value is being thrown away).</summary>
    public void Detach()
    {
        _mirror?.Release();
        _mirror = null;
        _hostStale = false;
    }

    /// <summary>Whether two tensors are views of one array, told without copying a mirror back.</summary>
    public bool SharesStorageWith(DenseTensor<T>? other) => other is not null && ReferenceEquals(_data, other._data);

    /// <summary>The array behind the elements as it is, for giving it back to a cache (no copy from a mirror).</summary>
    internal T[] Storage => _data;

    public long Offset(ReadOnlySpan<int> cell) => _layout.Offset(cell);

    /// <summary>The cell of a row-major offset, written into <paramref name="cell"/>.</summary>
    public void CellOf(long offset, Span<int> cell) => _layout.CellOf(offset, cell);

    public override double Get(ReadOnlySpan<int> cell) => InShape(cell) ? double.CreateTruncating(Data[Offset(cell)]) : 0;

    public void Set(ReadOnlySpan<int> cell, double value)
    {
        Data[Offset(cell)] = T.CreateTruncating(value);
        MarkChanged();
    }

    public void Clear()
    {
        Detach();
        Array.Clear(_data);
        MarkChanged();
    }

    public override IEnumerable<(int[] Cell, double Value)> NonZeros()
    {
        for (var offset = 0; offset < Data.Length; offset++)
        {
            if (Data[offset] == T.Zero)
                continue;
            var cell = new int[Rank];
            CellOf(offset, cell);
            yield return (cell, double.CreateTruncating(Data[offset]));
        }
    }

    public override TensorValue Clone() => new DenseTensor<T>(Shape, (T[])Data.Clone());

    /// <summary>Every element, in the target's precision (same shape).</summary>
    public override void CopyTo<TTarget>(DenseTensor<TTarget> target)
    {
        // One vectorized call, the same per-element conversion: a training step converts every parameter to
        // the engine's precision and every gradient back, and an element loop of generic conversions ran
        // unoptimized for most of a short training run.
        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<T, TTarget>(Data, target.Data);
        target.MarkChanged();
    }
}

/// <summary>
/// A copy of a dense tensor's elements in an engine's own memory (a GPU buffer), attached to the tensor so
/// that the engine reads it again without a copy while the host has not written the tensor.
/// </summary>
public interface ITensorMirror<T>
    where T : unmanaged
{
    /// <summary>Copies the elements to the host.</summary>
    void CopyTo(T[] destination);

    /// <summary>The offset of the first element that is infinite or NaN, or -1; found where the elements are, without copying them.</summary>
    long FirstNonFinite();

    /// <summary>Gives the engine's memory back; the mirror is not used afterwards.</summary>
    void Release();
}

/// <summary>Raised when a tensor's shape needs more elements than an array can hold; reported as TL5007.</summary>
public sealed class TensorTooLargeException(Compiler.Semantics.TensorSymbol? symbol, ImmutableArray<int> shape)
    : Exception($"tensor {(symbol is null ? "" : $"'{symbol.Name}' ")}of shape [{string.Join(", ", shape)}] is too large to store densely")
{
    public Compiler.Semantics.TensorSymbol? Symbol { get; } = symbol;
}
