using System.Collections.Immutable;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Passes;

/// <summary>
/// Drops the equations of tensors that no query or write needs, directly or indirectly:
/// with only <c>Y?</c> in the program, <c>Z = relu(W[i] X[i])</c> is never computed. The roots are what the
/// caller will ask for: the queries and writes, or a tensor an embedder evaluates.
/// </summary>
public static class DeadEquationElimination
{
    public const string Name = "dead-equations";

    public static BoundProgram Run(BoundProgram program, IReadOnlySet<TensorSymbol> roots)
    {
        var live = DependencyCone.Of(program, roots);
        if (program.Equations.All(e => live.Contains(e.Target.Tensor)))
            return program;
        var equations = program.Equations.Where(e => live.Contains(e.Target.Tensor)).ToImmutableArray();
        var strata = program.Strata
            .Select(s => s with { Equations = [.. s.Equations.Where(e => live.Contains(e.Target.Tensor))] })
            .ToImmutableArray();
        return program with { Equations = equations, Strata = strata };
    }
}
