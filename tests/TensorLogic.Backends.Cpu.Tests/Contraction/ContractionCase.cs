using TensorLogic.Compiler.Planning;
using System.Numerics;
using TensorLogic.Backends.Cpu.Contraction;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Compiler;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Lowering;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>
/// A test program taken through the real pipeline (compile, bind, lower, plan), whose contraction terms can be
/// executed by <see cref="ContractionExecutor{T}"/> and compared with the reference engine.
/// </summary>
internal sealed class ContractionCase
{
    private ContractionCase(BoundProgram bound, IrProgram ir)
    {
        Bound = bound;
        Ir = ir;
    }

    public BoundProgram Bound { get; }

    public IrProgram Ir { get; }

    public static ContractionCase Compile(string program, RandomDataReader? reader = null)
    {
        var result = Compilation.Compile([new SourceText(program, "test.tl")], reader ?? new RandomDataReader());
        if (result.HasErrors)
            throw new InvalidOperationException("the test program has errors:\n" + string.Join("\n", result.Diagnostics));
        return new ContractionCase(result.Bound!, Lowerer.Lower(result.Bound!, new PlannerOptions(), "cpu"));
    }

    public IrEquation Equation(string target) =>
        Ir.Strata.SelectMany(s => s.Equations).Single(e => e.Target.Name == target);

    /// <summary>The contraction terms of the target's equation; the test expects every term to be one.</summary>
    public IReadOnlyList<ContractionTerm> Terms(string target)
    {
        var terms = Equation(target).Terms;
        Assert.All(terms, t => Assert.IsType<ContractionTerm>(t));
        return [.. terms.Cast<ContractionTerm>()];
    }

    public string PrintIr() => IrPrinter.Print(Ir, withPlans: true);

    /// <summary>The target's value computed by the reference engine, row-major.</summary>
    public double[] Reference(string target)
    {
        var symbol = Bound.Tensors.Single(t => t.Name == target);
        var session = new Session(Bound, EngineMatrix.Get("reference").Engine, new EvaluationOptions());
        return session.Evaluate(symbol).ToDouble().Data;
    }

    /// <summary>The target's value as the sum of its terms, each by <see cref="NaiveEinsum"/>.</summary>
    public double[] Naive(string target)
    {
        var store = new TensorStore(Bound);
        var terms = Terms(target).Select(t => NaiveEinsum.Evaluate(t, store)).ToList();
        return [.. Enumerable.Range(0, terms[0].Length).Select(i => terms.Sum(t => t[i]))];
    }

    public IOperandSource<T> Source<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new DictionaryOperandSource<T>(new TensorStore(Bound));

    public static DenseTensor<T> Accumulator<T>(ContractionTerm term)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new([.. term.Output.Indices.Select(i => i.Size)]);

    /// <summary>Runs every term of the target's equation into one accumulator, <paramref name="times"/> times.</summary>
    public T[] Execute<T>(string target, int times = 1, int threads = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var terms = Terms(target);
        var source = Source<T>();
        var accumulator = Accumulator<T>(terms[0]);
        var executors = terms.Select(t => new ContractionExecutor<T>(t, threads)).ToList();
        for (var run = 0; run < times; run++)
        {
            foreach (var executor in executors)
                executor.Execute(source, accumulator);
        }
        return accumulator.Data;
    }
}
