using System.Numerics;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Runtime.Reference;

/// <summary>
/// One equation evaluated the reference way: every binding of every term enumerated, in double, reading
/// single cells and tuples. Slow and obviously correct. Because it reads through an <see cref="ICellReader"/>,
/// backward chaining can drive it with a reader that solves subgoals on demand.
/// </summary>
public sealed class ReferenceKernel(IrEquation equation)
{
    public IrEquation Equation { get; } = equation;

    /// <summary>Bindings visited per call with nothing pinned, the reference's measure of work.</summary>
    public double Bindings { get; } = equation.GenericTerms.Sum(t => t.Work);

    /// <summary>The reached cells of the target (row-major) and their values, with the given variables pinned.</summary>
    public List<(int[] Cell, double Value)> Evaluate(ICellReader reader, IReadOnlyDictionary<int, int>? pins) =>
        EquationEvaluator.Evaluate(Equation, reader, pins);
}

/// <summary>The reference provider: it compiles every equation (it never declines) into a <see cref="ReferenceKernel"/>.</summary>
public sealed class ReferenceKernels<T> : IKernelProvider<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<IrEquation, ReferenceKernel> _kernels = new(ReferenceEqualityComparer.Instance);

    public string Name => "reference";

    public KernelChoice<T> TryCompile(IrEquation equation, IrStratum stratum) => KernelChoice<T>.Compiled(new Kernel(Compile(equation)));

    /// <summary>The kernel of an equation, one per equation, shared by forward runs and backward goals.</summary>
    public ReferenceKernel Compile(IrEquation equation)
    {
        if (!_kernels.TryGetValue(equation, out var kernel))
            _kernels[equation] = kernel = new ReferenceKernel(equation);
        return kernel;
    }

    public void Dispose()
    {
    }

    private sealed class Kernel(ReferenceKernel kernel) : IEquationKernel<T>
    {
        public string Kind => "bindings";

        public double Flops => kernel.Bindings;

        public EquationResult<T> Evaluate(IKernelContext<T> context, IReadOnlyDictionary<int, int>? pins) =>
            EquationResult<T>.Sparse(kernel.Evaluate(context, pins));
    }
}
