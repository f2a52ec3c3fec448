using TensorLogic.Compiler.Passes;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;

namespace TensorLogic.Runtime.Execution;

/// <summary>The reference engine: every equation binding by binding, in double precision; the oracle of every other engine.</summary>
public sealed class ReferenceEngine : Engine<double>
{
    public static readonly ReferenceEngine Instance = new();

    public override string Name => "reference";

    public override ExecutionTarget Target { get; } = ExecutionTarget.Unoptimized("reference");

    protected override IKernelProvider<double> CreateProvider() => new ReferenceKernels<double>();
}
