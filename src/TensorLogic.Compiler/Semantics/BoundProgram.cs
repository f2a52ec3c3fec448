using System.Collections.Immutable;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// A checked program: its tensors with types and shapes, its domains, the equations (rules included),
/// the initial data, the outputs in source order, and the evaluation order (strata).
/// </summary>
public sealed record BoundProgram(
    ImmutableArray<TensorSymbol> Tensors,
    ImmutableArray<Domain> Domains,
    ImmutableArray<BoundEquation> Equations,
    ImmutableArray<BoundData> Data,
    ImmutableArray<BoundOutput> Outputs,
    ImmutableArray<Stratum> Strata)
{
    /// <summary>The learning directives, checked; null when the program has no learn statement. Running ignores it.</summary>
    public BoundLearning? Learning { get; init; }

    public TensorSymbol? FindTensor(string name) => Tensors.FirstOrDefault(t => t.Name == name);

    public IEnumerable<BoundEquation> EquationsFor(TensorSymbol tensor) => Equations.Where(e => e.Target.Tensor == tensor);
}

/// <summary>
/// A strongly connected component of the dependency graph, in topological order: its tensors are
/// computed together, once if <see cref="IsRecursive"/> is false, else to a fixpoint.
/// </summary>
public sealed record Stratum(ImmutableArray<TensorSymbol> Tensors, ImmutableArray<BoundEquation> Equations, bool IsRecursive)
{
    public bool IsBoolean => Tensors.All(t => t.IsBoolean);
}
