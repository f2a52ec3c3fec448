using TensorLogic.Backends.Cpu.Loops;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>
/// A small nest is interpreted until it has run often enough to be worth compiling; a large one is compiled at
/// once. (TermCheck runs every term of the loop tests past the switch, so both forms are checked for values.)
/// </summary>
public sealed class NestRunnerTests
{
    private static NestRunner<float> Runner(int size)
    {
        var bound = Compile($"""
            A = {Literal(2, size, size)}
            B : real[{size}]
            B[i] = A[i, j+1]
            """);
        var equation = bound.EquationsOf("B")[0];
        return new LoopKernel<float>(equation, equation.GenericTerms[0]).NestFor().Runner;
    }

    [Fact]
    public void A_small_nest_is_interpreted_until_it_has_run_often_enough_to_compile()
    {
        var runner = Runner(8);
        var runs = 0;
        while (runner.IsInterpreted)
        {
            Assert.True(runs <= NestRunner<float>.CompileAfter, "still interpreted after the runs that compile it");
            runner.Run(Arguments());
            runs++;
        }
        Assert.Equal(NestRunner<float>.CompileAfter + 1, runs);
    }

    [Fact]
    public void A_nest_of_more_bindings_than_the_interpreter_takes_is_compiled_at_once()
    {
        // 64 × 64 bindings, over the 1,024 interpreted.
        Assert.False(Runner(64).IsInterpreted);
    }

    private static KernelArguments<float> Arguments() => new()
    {
        Arrays = [new float[64]],
        Masks = [],
        Sets = [],
        Relations = [],
        Scratch = [],
        Binding = new int[2],
        Values = new float[8],
        Counts = new int[8],
    };
}
