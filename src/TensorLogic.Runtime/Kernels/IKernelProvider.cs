using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Kernels;

/// <summary>
/// An engine's half of execution: it compiles an IR equation into a kernel, or declines it with a reason,
/// and the next provider (finally the reference, which takes everything) computes it instead. Providers
/// hold no schedule: when and how often a kernel runs is the <see cref="Execution.StratumRunner{T}"/>'s call.
/// </summary>
public interface IKernelProvider<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The provider's name, shown in <c>--profile</c> and in decline reports.</summary>
    string Name { get; }

    KernelChoice<T> TryCompile(IrEquation equation, IrStratum stratum);

    /// <summary>What the provider adds to <c>--profile</c> about the session as a whole (a device's transfers), or null.</summary>
    string? Summary => null;

    /// <summary>
    /// A kernel for a whole semi-naive stratum (recursive rules), for an engine that keeps the rounds on its
    /// device; null (the default) lets the runner run the rounds with the equations' kernels.
    /// </summary>
    IStratumKernel<T>? TryCompileStratum(IrStratum stratum) => null;
}

/// <summary>
/// A stratum kernel gave up part way (a join larger than its device can sort): the runner records the reason
/// as a decline and runs the stratum's rounds with the equation kernels instead.
/// </summary>
public sealed class StratumKernelDeclinedException(string reason) : Exception(reason);

/// <summary>
/// A semi-naive stratum computed at once, with the IR's rounds (<see cref="SemiNaiveRecursion"/>): round 0
/// runs the rules on the relations' data, then each round the delta rules derive R⁺ = derived − R, R ∪= R⁺,
/// ΔR = R⁺, until every delta is empty. It returns the relations' final tuples.
/// </summary>
public interface IStratumKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>What computes it, for <c>--profile</c>.</summary>
    string Kind { get; }

    /// <param name="initial">Each recursive relation's data (facts), which the result includes.</param>
    IReadOnlyDictionary<TensorSymbol, Relation> Run(IKernelContext<T> context, IReadOnlyDictionary<TensorSymbol, Relation> initial, CancellationToken cancellation);
}

/// <summary>A compiled kernel, or the reason the provider declined the equation.</summary>
public readonly record struct KernelChoice<T>(IEquationKernel<T>? Kernel, string? DeclineReason)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static KernelChoice<T> Compiled(IEquationKernel<T> kernel) => new(kernel, null);

    public static KernelChoice<T> Declined(string reason) => new(null, reason);
}

/// <summary>
/// One equation's computation: its terms aggregated into the target's shape at the cells some binding
/// reaches, then the outer function applied to those cells. It does not write the target: combining the
/// result with the target's data, or overwriting, is the schedule's job. A kernel runs one call at a time.
/// </summary>
public interface IEquationKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>What computes it, for <c>--profile</c>: "gemm+loop", "reference", ...</summary>
    string Kind { get; }

    /// <summary>Floating-point work of one call (or bindings visited, for binding-by-binding kernels).</summary>
    double Flops { get; }

    /// <param name="pins">Variables fixed by ordinal: a virtual loop's step, a layer, a backward goal's bound positions.</param>
    EquationResult<T> Evaluate(IKernelContext<T> context, IReadOnlyDictionary<int, int>? pins);
}

/// <summary>
/// A rule's kernel that can write its head tuples straight into a relation: a semi-naive round asks it for
/// the tuples the known relation lacks, and no result of every derived tuple is built first.
/// </summary>
public interface IRuleKernel<T> : IEquationKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Adds to <paramref name="fresh"/> each tuple the rule derives that <paramref name="known"/> does not hold.</summary>
    /// <param name="grow">Add those tuples to <paramref name="known"/> too, in the order they go to
    /// <paramref name="fresh"/>: the caller promises that the rule does not read <paramref name="known"/>, so the
    /// tuples derived are the same, and each new one costs one probe of the known relation instead of two.</param>
    void DeriveNew(IKernelContext<T> context, Relation known, Relation fresh, bool grow);
}

/// <summary>
/// A kernel that computes some tensors its equation reads itself, from what their own equations read, instead
/// of reading them: fused attention computes the softmax weights <c>Comp</c> of <c>Attn = Comp[h, p, q] Val[h, q, dv]</c>
/// a block of rows at a time (the compiler marks where, <see cref="FusedInput"/>). The schedule then does not
/// compute those tensors for this equation; it still does when something else needs them.
/// </summary>
public interface IFusingKernel
{
    /// <summary>The equations whose results the kernel computes in place (empty when it reads every tensor after all).</summary>
    IReadOnlyList<IrEquation> ComputedInPlace { get; }
}

/// <summary>A kernel that can say how it was specialized (tile sizes, grids, strides), for <c>--emit kernels</c>.</summary>
public interface IDescribedKernel
{
    /// <summary>One or more lines, without indentation.</summary>
    string Specialization { get; }
}

/// <summary>A kernel that runs on a device and measures the device's time for its calls (GPU kernels, by stream markers).</summary>
public interface IDeviceTimedKernel
{
    /// <summary>Device time of every call so far.</summary>
    TimeSpan DeviceTime { get; }
}

/// <summary>Reads single elements and matching tuples: what a binding-by-binding evaluation needs.</summary>
public interface ICellReader
{
    /// <summary>The element at <paramref name="cell"/>, which lies inside the tensor's shape.</summary>
    double Get(TensorSymbol tensor, ReadOnlySpan<int> cell);

    /// <summary>The true tuples of a Boolean tensor agreeing with <paramref name="pattern"/> (negative = free).</summary>
    IReadOnlyList<int[]> Match(TensorSymbol tensor, ReadOnlySpan<int> pattern);
}

/// <summary>What kernels read (current tensor values, whole or cell by cell) and where they take result memory.</summary>
public interface IKernelContext<T> : ICellReader
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The current value of a real tensor (or of a Boolean one as 0/1), shaped as the tensor.</summary>
    DenseTensor<T> Dense(TensorSymbol tensor);

    /// <summary>The current value of a Boolean tensor as its set of true tuples.</summary>
    Relation Relation(TensorSymbol tensor);

    /// <summary>
    /// The current value of a real tensor when it is held as weighted tuples (sparse data), else null. A
    /// kernel that reads it cell by cell avoids the dense copy <see cref="Dense"/> would make.
    /// </summary>
    SparseTensor? Sparse(TensorSymbol tensor) => null;

    /// <summary>
    /// A tensor for a result, from the session's buffer cache; the schedule gives it back. It is cleared unless
    /// <paramref name="clear"/> is false, for a kernel that writes every element before reading any.
    /// </summary>
    DenseTensor<T> Rent(ImmutableArray<int> shape, bool clear = true);

    /// <summary>Cleared reach counts for a result, given back with it.</summary>
    int[] RentCounts(int length);

    /// <summary>Gives back a rented tensor that no value holds (a kernel's scratch).</summary>
    void Return(DenseTensor<T> tensor);
}

/// <summary>
/// What an equation computed, in one of two forms: dense (values over the target's shape, with reach
/// counts, or null counts when every cell is reached), or sparse (the reached cells, row-major, with their
/// values) for relations and for binding-by-binding kernels.
/// </summary>
public sealed class EquationResult<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private EquationResult(DenseTensor<T>? values, int[]? counts, IReadOnlyList<(int[] Cell, double Value)>? cells)
    {
        Values = values;
        Counts = counts;
        Cells = cells;
    }

    public DenseTensor<T>? Values { get; }

    public int[]? Counts { get; }

    public IReadOnlyList<(int[] Cell, double Value)>? Cells { get; }

    public bool IsDense => Values is not null;

    public static EquationResult<T> Dense(DenseTensor<T> values, int[]? counts) => new(values, counts, null);

    public static EquationResult<T> Sparse(IReadOnlyList<(int[] Cell, double Value)> cells) => new(null, null, cells);

    /// <summary>The reached cells and their values, whichever the form (a relation's totals are built from these).</summary>
    public IEnumerable<(int[] Cell, double Value)> Reached()
    {
        if (Cells is not null)
        {
            foreach (var cell in Cells)
                yield return cell;
            yield break;
        }
        var values = Values!;
        for (var offset = 0; offset < values.Length; offset++)
        {
            if (Counts is not null && Counts[offset] == 0)
                continue;
            var cell = new int[values.Rank];
            values.CellOf(offset, cell);
            yield return (cell, double.CreateTruncating(values.Data[offset]));
        }
    }
}
