using TensorLogic.Backends.Cpu.Contraction;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>What results are compared with.</summary>
internal enum Oracle
{
    /// <summary>The reference engine (binding by binding, the semantics).</summary>
    Reference,

    /// <summary><see cref="NaiveEinsum"/>, for terms too large for the reference engine.</summary>
    Naive,
}

/// <summary>The differential check shared by the contraction tests.</summary>
internal static class ContractionCheck
{
    /// <summary>
    /// Compiles the program and compares float and double runs of the target's terms with the reference, on one
    /// thread and on all. A second run into the same accumulator must double it, which checks that temporaries
    /// are reset between runs and that only the final step accumulates.
    /// </summary>
    public static ContractionCase Matches(TestProgram program, string target, Oracle oracle = Oracle.Reference)
    {
        var test = program.Compile();
        var expected = oracle == Oracle.Reference ? test.Reference(target) : test.Naive(target);
        foreach (var threads in new[] { 1, 0 })
        {
            ContractionAssert.Close(expected, test.Execute<float>(target, threads: threads));
            ContractionAssert.Close(expected, test.Execute<double>(target, threads: threads));
            ContractionAssert.Close(expected, test.Execute<float>(target, times: 2, threads: threads), factor: 2);
            ContractionAssert.Close(expected, test.Execute<double>(target, times: 2, threads: threads), factor: 2);
        }
        return test;
    }

    /// <summary>The planned kinds of the target's steps, in order, over all its terms.</summary>
    public static StepKind[] Kinds(this ContractionCase test, string target) =>
        [.. test.Terms(target).SelectMany(t => t.Plan.Steps).Select(s => s.Kind)];

    /// <summary>The copies each GEMM step of the target's (single) term makes, e.g. "pack-a", or "none".</summary>
    public static string[] GemmCopies(this ContractionCase test, string target)
    {
        var executor = new ContractionExecutor<float>(test.Terms(target).Single());
        return [.. executor.Kernels.OfType<GemmStepKernel<float>>().Select(k =>
            string.Join("+", k.Copies().DefaultIfEmpty(k.Swapped ? "swapped" : "none")))];
    }
}
