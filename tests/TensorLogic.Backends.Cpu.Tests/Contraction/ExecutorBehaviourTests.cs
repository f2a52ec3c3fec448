using TensorLogic.Backends.Cpu.Contraction;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>Scale and sign, several terms into one accumulator, the explicit scale argument, and steady-state allocation.</summary>
public sealed class ExecutorBehaviourTests
{
    [Fact]
    public void Constant_factor_and_sign()
    {
        ContractionCheck.Matches(new TestProgram().Real("W", 30, 40).Real("X", 40).Equation("Y[i] = -0.5 W[i, j] X[j]"), "Y");
    }

    [Fact]
    public void Several_terms_share_one_accumulator()
    {
        var test = ContractionCheck.Matches(new TestProgram().Real("A", 20, 30).Real("B", 30, 25).Real("C", 20, 25).Real("D", 25, 20)
            .Equation("Y[i, k] = A[i, j] B[j, k] / 4 - 2 C[i, k] + D[k, i]"), "Y");
        Assert.Equal(3, test.Terms("Y").Count);
    }

    [Fact]
    public void Explicit_scale_replaces_the_terms_own()
    {
        var test = new TestProgram().Real("A", 20, 30).Real("B", 30, 40).Equation("C[i, k] = -3 A[i, j] B[j, k]").Compile();
        var term = test.Terms("C").Single();
        var executor = new ContractionExecutor<double>(term);
        Assert.Equal(-3.0, executor.TermScale);
        var accumulator = ContractionCase.Accumulator<double>(term);
        executor.Execute(test.Source<double>(), accumulator, 1.0);
        ContractionAssert.Close(test.Reference("C"), accumulator.Data, factor: -1.0 / 3);
    }

    [Fact]
    public void Accumulator_keeps_what_it_held()
    {
        var test = new TestProgram().Real("A", 20, 30).Real("B", 30, 40).Equation("C[i, k] = A[i, j] B[j, k]").Compile();
        var term = test.Terms("C").Single();
        var accumulator = ContractionCase.Accumulator<double>(term);
        Array.Fill(accumulator.Data, 1.0);
        new ContractionExecutor<double>(term).Execute(test.Source<double>(), accumulator);
        ContractionAssert.Close(test.Reference("C").Select(v => v + 1).ToArray(), accumulator.Data);
    }

    [Fact]
    public void Wrongly_shaped_accumulator_is_rejected()
    {
        var test = new TestProgram().Real("A", 2, 3).Equation("Y[i] = A[i, j]").Compile();
        var executor = new ContractionExecutor<float>(test.Terms("Y").Single());
        Assert.Throws<ArgumentException>(() => executor.Execute(test.Source<float>(), new([3])));
    }

    [Theory]
    [InlineData("Y[i, m] = A[i, j] B[j, k] C[k, l] D[l, m]")]
    [InlineData("Y[m, i] = A[i, j] B[j, k] C[k, l] D[l, m]")]
    [InlineData("Y = A[i, j] B[j, k] C[k, l] D[l, i]")]
    [InlineData("Y[i, k] = A[i, j] B[j, k] C[k, j]")]
    public void Steady_state_runs_allocate_nothing(string equation)
    {
        var test = new TestProgram().Real("A", 24, 20).Real("B", 20, 36).Real("C", 36, 20).Real("D", 20, 24).Equation(equation).Compile();
        var term = test.Terms("Y").Single();
        var executor = new ContractionExecutor<float>(term, threads: 1);
        var source = test.Source<float>();
        var accumulator = ContractionCase.Accumulator<float>(term);
        executor.Execute(source, accumulator);
        var before = GC.GetAllocatedBytesForCurrentThread();
        executor.Execute(source, accumulator);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
