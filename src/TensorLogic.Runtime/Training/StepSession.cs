using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// A session on the program compiled for one batch size (or for the validation folder), with the tensors a
/// step places and reads looked up in that program once: a training loop runs thousands of steps on it.
/// </summary>
internal sealed class StepSession(Session session, IReadOnlyList<string> parameters, IReadOnlyList<string> gradients,
    IEnumerable<string> examples, string loss, string temperature) : IDisposable
{
    public Session Session { get; } = session;

    public BoundProgram Program => Session.Program;

    /// <summary>The learned tensors, in the trainer's parameter order.</summary>
    public ImmutableArray<TensorSymbol> Parameters { get; } = [.. parameters.Select(n => session.Program.FindTensor(n)!)];

    /// <summary>The loss, then the gradient of each parameter in the same order (the gradients only in a program that has them).</summary>
    public ImmutableArray<TensorSymbol> Targets { get; } =
        [.. gradients.Prepend(loss).Select(session.Program.FindTensor).OfType<TensorSymbol>()];

    public ImmutableArray<TensorSymbol> Examples { get; } = [.. examples.Select(n => session.Program.FindTensor(n)!)];

    /// <summary>The step relaxation's temperature, where the gradients read it.</summary>
    public TensorSymbol? Temperature { get; } = session.Program.FindTensor(temperature);

    public TensorSymbol Loss => Targets[0];

    public void Dispose() => Session.Dispose();
}
