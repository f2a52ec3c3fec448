using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// A buffer a step kernel needs only while it runs (a temporary $t0, a packed operand, a scratch C). A small
/// one is allocated once and kept; a large one is rented from the <see cref="ArrayCache{TElement}"/> for the
/// run and given back after it, so that a kernel compiled for a new session (a fresh Session per request or
/// per benchmark repetition) reuses memory that is already mapped instead of page-faulting in a fresh array:
/// planner-scalar's 640 KB temporary and 640 KB pack cost 2 ms of page faults, 10× its arithmetic.
/// Its elements are garbage when taken: every user overwrites them.
/// </summary>
internal sealed class ScratchTensor<T>(ImmutableArray<int> shape)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>From this length on, arrays go through the cache (its own lower bound: it keeps nothing shorter).</summary>
    private const long RentedLength = 1 << 14;

    private readonly long _elements = shape.Aggregate(1L, (product, size) => product * size);
    private DenseTensor<T>? _kept;

    public DenseTensor<T> Take()
    {
        // Not cleared: every user overwrites it, and zeroing fresh arrays was a tenth of a small equation's first run.
        if (_elements < RentedLength)
            return _kept ??= new DenseTensor<T>(shape, GC.AllocateUninitializedArray<T>((int)_elements));
        return new DenseTensor<T>(shape, ArrayCache<T>.Rent(checked((int)_elements), clear: false));
    }

    /// <summary>Ends the use of a buffer <see cref="Take"/> gave; a rented one must not be touched afterwards.</summary>
    public void Give(DenseTensor<T> buffer)
    {
        if (!ReferenceEquals(buffer, _kept))
            ArrayCache<T>.Return(buffer.Data);
    }
}
