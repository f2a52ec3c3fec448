using System.Linq.Expressions;
using System.Numerics;

namespace TensorLogic.Backends.Cpu.Loops;

/// <summary>
/// Runs a loop nest's expression tree, interpreted while that is cheaper than compiling it. Compiling costs
/// milliseconds (the first nest of a process the most: System.Linq.Expressions' compiler, then a dynamic
/// method through the JIT), more than a small program's whole evaluation; interpreting costs about a
/// microsecond a binding. So a nest of at most <see cref="InterpretedBindings"/> bindings starts
/// interpreted, and is compiled once it has run <see cref="CompileAfter"/> times (a loop's step, say).
/// Both run the same tree, so they compute the same values.
/// </summary>
internal sealed class NestRunner<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal const double InterpretedBindings = 1024;
    internal const int CompileAfter = 8;

    private readonly Expression<Action<KernelArguments<T>>> _tree;
    private Action<KernelArguments<T>> _run;
    private int _interpretedRuns;

    /// <param name="bindings">An upper bound of the bindings one run enumerates: the product of the free variables' sizes.</param>
    public NestRunner(Expression<Action<KernelArguments<T>>> tree, double bindings)
    {
        _tree = tree;
        IsInterpreted = bindings <= InterpretedBindings;
        _run = tree.Compile(preferInterpretation: IsInterpreted);
    }

    public bool IsInterpreted { get; private set; }

    public void Run(KernelArguments<T> arguments)
    {
        if (IsInterpreted && ++_interpretedRuns > CompileAfter)
        {
            _run = _tree.Compile();
            IsInterpreted = false;
        }
        _run(arguments);
    }
}
