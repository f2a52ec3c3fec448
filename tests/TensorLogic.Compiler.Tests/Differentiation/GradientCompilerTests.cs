using TensorLogic.Compiler;
using TensorLogic.Compiler.Differentiation;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Compiler.Tests.Differentiation;

/// <summary>
/// The gradient programs as a person reads them: names, one equation a line, the paper's broadcast/sum rule.
/// Their values are checked against finite differences and PyTorch in TensorLogic.Runtime.Tests/Learning.
/// </summary>
public sealed class GradientCompilerTests
{
    private static string Gradients(string program, string loss, string[] wrt, GradientOptions? options = null)
    {
        var bound = Compilation.Compile([new SourceText(program, "test.tl")], null).Bound!;
        var diagnostics = new DiagnosticBag();
        var gradients = GradientCompiler.Compile(bound, bound.FindTensor(loss)!, [.. wrt.Select(n => bound.FindTensor(n)!)], options ?? new GradientOptions(), diagnostics);
        Assert.NotNull(gradients);
        return gradients.Text;
    }

    [Fact]
    public void A_layer_gives_one_equation_per_read_summing_what_the_forward_broadcast()
    {
        var text = Gradients("""
            X = [[1, 2], [3, 4]]
            W : real[3, 2]
            B : real[3]
            Y[e, h] = sig(W[h, i] X[e, i] + B[h])
            Loss = Y[e, h]
            """, "Loss", ["W", "B"]);
        Assert.Equal("""
            DLoss_dY : real[2, 3]
            DLoss_dY_in : real[2, 3]
            DLoss_dW : real[3, 2]
            DLoss_dB : real[3]
            DLoss_dY[e, h] = 1
            DLoss_dY_in[e, h] = DLoss_dY[e, h] Y[e, h] (1 - Y[e, h])
            DLoss_dW[h, i] = DLoss_dY_in[e, h] X[e, i]
            DLoss_dB[h] = DLoss_dY_in[e, h]

            """.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void Max_pooling_sends_the_gradient_to_the_arg_max()
    {
        var text = Gradients("""
            F : real[4]
            P[x/2] max= F[x]
            Loss = P[x] P[x]
            """, "Loss", ["F"]);
        Assert.Contains("DLoss_dF[x] = DLoss_dP[x/2] (1 - step(abs(P[x/2] - F[x])))", text);
    }

    [Fact]
    public void A_convolution_gradient_scatters_through_the_shifted_read()
    {
        var text = Gradients("""
            Image : real[6]
            Filter : real[3]
            Out[x] = Filter[dx] Image[x+dx]
            Loss = Out[x] Out[x]
            """, "Loss", ["Image", "Filter"]);
        Assert.Contains("DLoss_dImage[x+dx] = DLoss_dOut[x] Filter[dx]", text);
        Assert.Contains("DLoss_dFilter[dx] = DLoss_dOut[x] Image[x+dx]", text);
        Assert.Contains("DLoss_dImage : real[6]", text);
    }

    [Theory]
    [InlineData(StepGradient.StraightThrough, "DLoss_dY_in[h] = DLoss_dY[h]")]
    [InlineData(StepGradient.Sigmoid, "DLoss_dY_in[h] = DLoss_dY[h] sig(Y_in[h], 2) (1 - sig(Y_in[h], 2)) / 2")]
    public void Step_is_relaxed_when_asked(StepGradient step, string expected)
    {
        var text = Gradients("""
            X = [1, 2]
            W : real[3, 2]
            Y[h] = step(W[h, i] X[i])
            Loss = Y[h]
            """, "Loss", ["W"], new GradientOptions { Step = step, Temperature = "2" });
        Assert.Contains(expected + "\n", text);
    }

    [Fact]
    public void Without_a_relaxation_step_stops_the_gradient_with_a_warning()
    {
        var bound = Compilation.Compile([new SourceText("X = [1, 2]\nW : real[2]\nLoss = step(W[i] X[i])\n", "test.tl")], null).Bound!;
        var diagnostics = new DiagnosticBag();
        var gradients = GradientCompiler.Compile(bound, bound.FindTensor("Loss")!, [bound.FindTensor("W")!], new GradientOptions(), diagnostics);
        Assert.Equal(["W"], gradients!.WithoutGradient.Select(t => t.Name));
        Assert.Equal("TL6013", Assert.Single(diagnostics).Id);
    }
}
