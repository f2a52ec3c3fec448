using System.Collections.Immutable;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Lowering;
using TensorLogic.Compiler.Planning;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.Passes;

/// <summary>
/// The optimizing back half of the pipeline on one screen: named rewrite passes over the checked
/// program, then lowering to kernels with planned contractions. Each pass can be switched off by name
/// (for debugging and for differential tests that compare with and without it).
/// </summary>
public static class PassPipeline
{
    public static readonly ImmutableArray<(string Name, Func<BoundProgram, BoundProgram> Run)> Passes =
    [
        (DeadEquationElimination.Name, DeadEquationElimination.Run),
        (CommonSubexpressionElimination.Name, CommonSubexpressionElimination.Run),
        (ElementwiseFusion.Name, ElementwiseFusion.Run),
    ];

    public static IrProgram Compile(BoundProgram program, ContractionPlanner? planner = null, IReadOnlySet<string>? disabled = null)
    {
        var applied = ImmutableArray.CreateBuilder<string>();
        foreach (var (name, run) in Passes)
        {
            if (disabled?.Contains(name) == true)
                continue;
            var next = run(program);
            if (!ReferenceEquals(next, program))
                applied.Add(name);
            program = next;
        }
        var ir = Lowerer.Lower(program, planner);                   // IR, with contraction plans
        return ir with { AppliedPasses = applied.ToImmutable() };
    }
}
