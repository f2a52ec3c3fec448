using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Passes;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// A way to compute tensors: a planning target for the compiler and a kernel provider for the runner.
/// The reference engine is the oracle; faster engines (the CPU engine, GPU engines) must give the same
/// answers up to float rounding, and decline what they cannot compile.
/// </summary>
public interface IEngine
{
    string Name { get; }

    /// <summary>What the compiler plans for when this engine runs a program.</summary>
    ExecutionTarget Target { get; }

    /// <summary>The runner of one session: this engine's kernels, scheduled by the one stratum runner.</summary>
    IProgramRunner CreateRunner(IrProgram program, TensorStore store, EvaluationOptions options, DiagnosticBag diagnostics);

    /// <summary>The kernel this engine compiles for each equation, or why it declines one (<c>--emit kernels</c>).</summary>
    string ListKernels(IrProgram program);
}

/// <summary>An engine computing in <typeparamref name="T"/> (float or double); it only has to provide kernels.</summary>
public abstract class Engine<T> : IEngine
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public abstract string Name { get; }

    public abstract ExecutionTarget Target { get; }

    /// <summary>A provider for one session (it may keep compiled kernels and buffers until disposed).</summary>
    protected abstract IKernelProvider<T> CreateProvider();

    public IProgramRunner CreateRunner(IrProgram program, TensorStore store, EvaluationOptions options, DiagnosticBag diagnostics) =>
        StratumRunner<T>.Create(program, store, CreateProvider(), options, diagnostics);

    public string ListKernels(IrProgram program)
    {
        using var provider = CreateProvider();
        return KernelListing.Print(provider, program);
    }
}

/// <summary>Computes tensors into a store; computing the same tensor twice does the work once.</summary>
public interface IProgramRunner : IDisposable
{
    IrProgram Program { get; }

    /// <summary>Computes <paramref name="targets"/> and everything they depend on, each stratum once.</summary>
    void Evaluate(IReadOnlyCollection<TensorSymbol> targets);

    /// <summary>
    /// While <paramref name="roots"/> is set, a computed value none of them needs is given back as soon as the
    /// last stratum reading it has run (null: keep everything, the default).
    /// </summary>
    void ReleaseAfterLastUse(IReadOnlyCollection<TensorSymbol>? roots);

    /// <summary>
    /// Forgets which strata ran (data changed), so the next <see cref="Evaluate"/> runs them again; kernels are
    /// kept, and the arrays of values computed so far are reused (values read before a reset are not valid after it).
    /// </summary>
    void Reset();

    /// <summary>The current value of a tensor of the program or of the IR (<c>$cse0</c>, <c>ΔR</c>).</summary>
    TensorValue Value(TensorSymbol tensor);

    /// <summary>A tensor's data before any equation ran (empty for tensors the IR introduced).</summary>
    TensorValue Initial(TensorSymbol tensor);

    /// <summary>The kernel backward chaining drives for one equation's goals.</summary>
    Reference.ReferenceKernel OnDemand(IrEquation equation);

    IReadOnlyList<EquationProfile> Profile { get; }

    IReadOnlyList<KernelDecline> Declines { get; }

    /// <summary>What the engine adds to <c>--profile</c> about the run as a whole (a device's transfers), or null.</summary>
    string? EngineSummary { get; }
}
