using TensorLogic.Compiler.Differentiation;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Tests.Differentiation;

/// <summary>
/// Backpropagation through time as the gradient program prints it: a virtual-index loop written out over
/// its time index, then differentiated like any index-shift recursion; and the loops it cannot write out
/// exactly, each refused at its line. Values: TensorLogic.Runtime.Tests/Learning/VirtualLoopGradientTests.
/// </summary>
public sealed class LoopMaterializationTests
{
    private const string Rnn = """
        X = [[0.5, -1, 0.25], [1.5, 0.5, -0.75]]
        Y = [0.3, -0.2]
        W : real[2, 2]
        U : real[2, 2]
        H[i, *t+1] = tanh(W[i, j] H[j, *t] + U[i, k] X[k, t])
        Loss = (H[i] - Y[i])^2
        """;

    private static (GradientProgram? Program, DiagnosticBag Diagnostics) Compile(string program, params string[] wrt) =>
        Compile(program, "Loss", wrt);

    private static (GradientProgram? Program, DiagnosticBag Diagnostics) Compile(string program, string loss, string[] wrt)
    {
        var compiled = Compilation.Compile([new SourceText(program, "test.tl")], null);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        var bound = compiled.Bound!;
        var diagnostics = new DiagnosticBag();
        var gradients = GradientCompiler.Compile(bound, bound.FindTensor(loss)!, [.. wrt.Select(n => bound.FindTensor(n)!)], new GradientOptions(), diagnostics);
        return (gradients, diagnostics);
    }

    [Fact]
    public void A_loop_is_written_out_over_its_steps_and_differentiated_backwards_in_time()
    {
        var (gradients, _) = Compile(Rnn, "W", "U");
        Assert.Equal("""
            H_steps : real[2, 3]
            H_prev : real[2, 3]
            H_steps[i, t] = tanh(W[i, j] H_prev[j, t] + U[i, k] X[k, t])
            H_prev[i, t] = H_steps[i, t-1]
            DLoss_dH_steps : real[2, 3]
            DLoss_dH_prev : real[2, 3]
            DLoss_dH_steps_in : real[2, 3]
            DLoss_dW : real[2, 2]
            DLoss_dU : real[2, 2]
            DLoss_dH_steps[i, 2] = 2 * (H_steps[i, 2] - Y[i])
            DLoss_dH_steps[i, t-1] = DLoss_dH_prev[i, t]
            DLoss_dH_steps_in[i, t] = DLoss_dH_steps[i, t] (1 - H_steps[i, t]^2)
            DLoss_dW[i, j] = DLoss_dH_steps_in[i, t] H_prev[j, t]
            DLoss_dH_prev[j, t] = DLoss_dH_steps_in[i, t] W[i, j]
            DLoss_dU[i, k] = DLoss_dH_steps_in[i, t] X[k, t]

            """.Replace("\r\n", "\n"), gradients!.Text);
    }

    [Fact]
    public void The_time_index_takes_the_place_of_the_virtual_one_and_shifts_normalized_axes()
    {
        var (gradients, _) = Compile("""
            X = [[0.5, -1, 0.25], [1.5, 0.5, -0.75]]
            W : real[2, 2]
            P[*t+1, c.] = softmax(W[c, j] P[*t, j] + X[c, t])
            Loss = P[c] P[c]
            """, "W");
        Assert.Contains("P_steps[t, c.] = softmax(W[c, j] P_prev[t, j] + X[c, t])\n", gradients!.Text);
        Assert.Contains("P_prev[t, c] = P_steps[t-1, c]\n", gradients.Text);
    }

    [Theory]
    // The state starts from data: written out, it would start from 0.
    [InlineData("H = [1, 2]\nH[i, *t+1] = tanh(W[i, j] H[j, *t] + X[i, t])\nLoss = H[i] H[i]\n", 3, 1,
        "cannot differentiate 'H': the loop's initial state comes from data")]
    // A step that writes one cell keeps the others as they were.
    [InlineData("H[0, *t+1] = tanh(W[0, j] H[j, *t] + X[0, t])\nLoss = H[i] H[i]\n", 3, 1,
        "cannot differentiate 'H[0, *t+1] = tanh(W[0, j] H[j, *t] + X[0, t])': a step of this loop may leave cells unchanged")]
    // A step whose every term is filtered by a relation may reach no cell.
    [InlineData("On(0, 1)\nH[i, *t+1] = On(i, t) tanh(W[i, j] H[j, *t])\nLoss = H[i] H[i]\n", 4, 1,
        "a step of this loop may leave cells unchanged")]
    public void A_loop_that_cannot_be_written_out_exactly_is_refused_at_its_line(string body, int line, int column, string message)
    {
        var (gradients, diagnostics) = Compile("X = [[0.5, -1, 0.25], [1.5, 0.5, -0.75]]\nW : real[2, 2]\n" + body, "W");
        Assert.Null(gradients);
        var error = Assert.Single(diagnostics);
        Assert.Equal("TL6012", error.Id);
        Assert.Equal(new TensorLogic.Syntax.Text.LinePosition(line, column), error.Location!.Value.Start);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_loss_that_changes_at_every_step_is_read_after_the_loop()
    {
        var (gradients, diagnostics) = Compile(Rnn + "\nAcc[*t+1] = Acc[*t] + H[i, *t] H[i, *t]\n", "Acc", ["W"]);
        Assert.Null(gradients);
        var error = Assert.Single(diagnostics);
        Assert.Equal("TL6010", error.Id);
        Assert.Equal("the loss 'Acc' changes at every step of a loop; a loss is one real number", error.Message);
        Assert.Equal("read its final state after the loop, e.g. 'Loss = Acc'", error.Help);
    }
}
