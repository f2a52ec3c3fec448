using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Differentiation;

/// <summary>The paper's rule for what a program learns (§4): every tensor the loss depends on that is not data and not computed.</summary>
public static class Learnables
{
    public static IReadOnlyList<TensorSymbol> Of(BoundProgram program, TensorSymbol loss, IEnumerable<TensorSymbol> fixedTensors)
    {
        var excluded = fixedTensors.ToHashSet();
        var withData = program.Data.Select(d => d.Tensor).ToHashSet();
        var computed = program.Equations.Select(e => e.Target.Tensor).ToHashSet();
        return
        [
            .. DependencyCone.Of(program, [loss])
                .Where(t => !t.IsBoolean && !t.IsSynthesized && t.ConstantValue is null)
                .Where(t => !withData.Contains(t) && !computed.Contains(t) && !excluded.Contains(t))
                .OrderBy(t => program.Tensors.IndexOf(t)),
        ];
    }
}
