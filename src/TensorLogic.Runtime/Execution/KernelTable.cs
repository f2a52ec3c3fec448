using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// A provider's refusal of one equation, as reported by TL4002 and <c>--profile</c>, and the provider that
/// computed the equation instead (the engine's fallback, or the reference).
/// </summary>
public sealed record KernelDecline(IrEquation Equation, string Provider, string Reason)
{
    public string ComputedBy { get; init; } = "reference";
}

/// <summary>Raised under <c>--strict-engine</c> when the engine declines an equation; reported as TL4002.</summary>
public sealed class EngineDeclinedException(KernelDecline decline)
    : Exception($"engine '{decline.Provider}' declined '{decline.Equation.Text}': {decline.Reason}")
{
    public KernelDecline Decline { get; } = decline;
}

/// <summary>
/// The one place where an equation gets its kernel: the engine's provider first, then the engine's fallback
/// provider if it has one (a GPU engine falls back on the CPU engine's kernels), then the reference provider,
/// which takes everything. Every decline of the engine is recorded here, once per equation.
/// </summary>
public sealed class KernelTable<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IKernelProvider<T> _engine;
    private readonly IKernelProvider<T>? _fallback;
    private readonly ReferenceKernels<T> _reference;
    private readonly bool _strict;
    private readonly Dictionary<IrEquation, (IEquationKernel<T> Kernel, string Provider)> _kernels = new(ReferenceEqualityComparer.Instance);
    private readonly List<KernelDecline> _declines = [];

    public KernelTable(IKernelProvider<T> engine, bool strict, IKernelProvider<T>? fallback = null)
    {
        _engine = engine;
        _fallback = fallback;
        _reference = engine as ReferenceKernels<T> ?? new ReferenceKernels<T>();
        _strict = strict;
    }

    public IReadOnlyList<KernelDecline> Declines => _declines;

    /// <summary>The engine provider's name.</summary>
    public string EngineName => _engine.Name;

    /// <summary>The engine provider's note for <c>--profile</c> (a device's transfers), if it has one.</summary>
    public string? Summary => _engine.Summary;

    /// <summary>The kernel of <paramref name="equation"/> and the provider that compiled it.</summary>
    public (IEquationKernel<T> Kernel, string Provider) For(IrEquation equation, IrStratum stratum)
    {
        if (_kernels.TryGetValue(equation, out var known))
            return known;
        var choice = _engine.TryCompile(equation, stratum);
        if (choice.Kernel is { } kernel)
            return _kernels[equation] = (kernel, _engine.Name);
        var fallback = _fallback?.TryCompile(equation, stratum);
        var provider = fallback?.Kernel is not null ? _fallback!.Name : _reference.Name;
        if (choice.DeclineReason is { } reason)
        {
            var decline = new KernelDecline(equation, _engine.Name, reason) { ComputedBy = provider };
            _declines.Add(decline);
            if (_strict)
                throw new EngineDeclinedException(decline);
        }
        if (fallback?.Kernel is { } fallbackKernel)
            return _kernels[equation] = (fallbackKernel, provider);
        return _kernels[equation] = (_reference.TryCompile(equation, stratum).Kernel!, _reference.Name);
    }

    /// <summary>The engine's kernel for a whole semi-naive stratum, or null when it runs equation by equation.</summary>
    public IStratumKernel<T>? ForStratum(IrStratum stratum)
    {
        if (!_strata.TryGetValue(stratum, out var kernel))
            _strata[stratum] = kernel = _engine.TryCompileStratum(stratum);
        return kernel;
    }

    private readonly Dictionary<IrStratum, IStratumKernel<T>?> _strata = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The stratum kernel gave up: recorded as a decline of the stratum's first rule, and not offered again,
    /// so the rounds run with the equation kernels from now on.
    /// </summary>
    public void GaveUp(IrStratum stratum, string reason)
    {
        _strata[stratum] = null;
        var decline = new KernelDecline(stratum.Equations[0], _engine.Name, reason) { ComputedBy = _fallback?.Name ?? _reference.Name };
        _declines.Add(decline);
        if (_strict)
            throw new EngineDeclinedException(decline);
    }

    /// <summary>
    /// The kernel backward chaining drives for a goal: it reads single cells and tuples on demand, which is
    /// what the reference provider's kernels do (an engine's kernels read whole tensors).
    /// </summary>
    public ReferenceKernel OnDemand(IrEquation equation) => _reference.Compile(equation);

    public void Dispose()
    {
        _engine.Dispose();
        _fallback?.Dispose();
    }
}
