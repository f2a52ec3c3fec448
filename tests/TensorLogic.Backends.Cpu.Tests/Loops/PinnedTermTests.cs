using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Loops;
using static TensorLogic.Backends.Cpu.Tests.Loops.TestPrograms;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>Terms run with variables pinned, as a virtual loop runs its step: <c>X[i, *t+1] = ...</c>.</summary>
public sealed class PinnedTermTests
{
    private static readonly string Rnn = $"""
        W = {Literal(20, 3, 3)}
        V = {Literal(21, 3, 2)}
        U = {Literal(22, 2, 5)}
        X[i, *t+1] = tanh(W[i, j] X[j, *t] + V[i, j2] U[j2, t])
        """;

    /// <summary>Step 7 lies outside U's time axis: the U term has no bindings there, the X term still has.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void Rnn_step(int step)
    {
        var program = Compile(Rnn);
        var equation = program.EquationsOf("X")[0];
        var t = equation.Variables.Single(v => v.Name == "t");
        var pinned = new Dictionary<int, int> { [t.Id] = step };
        var cells = TermCheck.Compare<double>(program, "X", pinned);
        Assert.Equal(step < 5 ? 6 : 3, cells);
        TermCheck.Compare<float>(program, "X", pinned);
    }

    [Fact]
    public void Steps_reuse_the_compiled_nest_and_fetch_each_operand_once_per_step()
    {
        var program = Compile(Rnn);
        var equation = program.EquationsOf("X")[0];
        var t = equation.Variables.Single(v => v.Name == "t");
        var term = equation.GenericTerms.Single(term => term.Variables.Any(v => v.Name == "j2"));
        var kernel = new LoopKernel<double>(equation, term);
        var operands = new TestOperands<double>(program, equation);
        for (var step = 0; step < 5; step++)
        {
            var pinned = new Dictionary<int, int> { [t.Id] = step };
            var accumulator = new TermAccumulator<double>(equation.Target.Shape, equation.Aggregation);
            kernel.Execute(operands, accumulator, pinned);
            var (expected, _) = TermCheck.Reference(equation, term, operands, pinned);
            foreach (var (offset, value) in expected)
                TermCheck.AssertClose<double>(value, accumulator.Values.Data[offset], $"step {step}, cell {offset}");
        }
        Assert.All(operands.Requests.Values, count => Assert.Equal(5, count));
    }
}
