using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Lowering;
using TensorLogic.Compiler.Planning;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Passes;

/// <summary>
/// The optimizing back half of the pipeline on one screen: named rewrite passes over the checked
/// program, then lowering to kernels planned for the target. Each pass can be switched off by name (for
/// debugging and for differential tests that compare with and without it). <c>roots</c> are the tensors
/// the caller will ask for: passes keep them computed (by default, the program's queries and writes).
/// </summary>
public static class PassPipeline
{
    public static readonly ImmutableArray<(string Name, Func<BoundProgram, IReadOnlySet<TensorSymbol>, BoundProgram> Run)> Passes =
    [
        // First, so that dead-equation elimination drops a mask rule nothing reads any more.
        (MaskInlining.Name, MaskInlining.Run),
        (DeadEquationElimination.Name, DeadEquationElimination.Run),
        (CommonSubexpressionElimination.Name, (program, _) => CommonSubexpressionElimination.Run(program)),
        (ElementwiseFusion.Name, ElementwiseFusion.Run),
    ];

    /// <summary>Passes over the lowered program, run after lowering, in order; switched off by name like the others.</summary>
    public static readonly ImmutableArray<(string Name, Func<IrProgram, BoundProgram, IReadOnlySet<TensorSymbol>, IrProgram> Run)> IrPasses =
    [
        (AttentionFusion.Name, AttentionFusion.Run),
    ];

    public static IReadOnlySet<string> Names { get; } = Passes.Select(p => p.Name).Concat(IrPasses.Select(p => p.Name)).ToHashSet();

    public static IrProgram Compile(BoundProgram program, ExecutionTarget target, IEnumerable<TensorSymbol>? roots = null,
        IEnumerable<TensorSymbol>? inputs = null)
    {
        var kept = (roots ?? program.Outputs.Select(o => o.Tensor)).ToHashSet();
        var applied = ImmutableArray.CreateBuilder<string>();
        foreach (var (name, run) in Passes)
        {
            if (target.DisabledPasses.Contains(name))
                continue;
            var next = run(program, kept);
            if (!ReferenceEquals(next, program))
                applied.Add(name);
            program = next;
        }
        var ir = Lowerer.Lower(program, target.Planner, target.Name, inputs?.ToHashSet());
        foreach (var (name, run) in IrPasses)
        {
            if (target.DisabledPasses.Contains(name))
                continue;
            var next = run(ir, program, kept);
            if (!ReferenceEquals(next, ir))
                applied.Add(name);
            ir = next;
        }
        return ir with { AppliedPasses = applied.ToImmutable() };
    }
}
