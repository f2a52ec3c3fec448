using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Differentiation;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Learning;

/// <summary>
/// The gradient compiler against PyTorch's autograd: an MLP, an RNN written as an index-shift recursion
/// over time and again as a virtual-index loop (differentiated through time), and a transformer block.
/// Each fixture folder holds the program, its data, and the loss and gradients autograd computed for it
/// (tools/make_torch_gradient_fixtures.py); nothing here runs Python.
/// Finite differences (<see cref="GradientCheck"/>) allow an error near 1e-6, these an error near rounding,
/// so a rule that is only almost right is caught.
/// </summary>
public sealed class TorchGradientTests
{
    /// <summary>The tensors each model's gradients are taken with respect to; grad_&lt;name&gt;.npy holds autograd's.</summary>
    public static readonly Dictionary<string, string[]> Weights = new()
    {
        ["mlp"] = ["W1", "B1", "W2", "B2"],
        ["rnn"] = ["W", "V"],
        ["rnn-virtual"] = ["W", "V"],
        ["transformer"] = ["Emb", "WQ", "WK", "WV", "WS", "WP", "WP2", "WO"],
    };

    public static TheoryData<string, string> Rows() => EngineMatrix.Cross(Weights.Keys, EngineMatrix.EngineNames);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Loss_and_gradients_agree_with_PyTorch_autograd(string model, string engine)
    {
        var folder = Repository.PathOf("tests", "TensorLogic.Runtime.Tests", "Learning", "fixtures", model);
        // The program's path places it in its folder, where its data statements ("x.npy") are read from.
        var path = Path.Combine(folder, "model.tl");
        var source = new SourceText(File.ReadAllText(path), path);
        var program = GradientCheck.Check([source]);
        var diagnostics = new DiagnosticBag();
        var gradients = GradientCompiler.Compile(program, program.FindTensor("Loss")!,
            [.. Weights[model].Select(n => program.FindTensor(n)!)], new GradientOptions(), diagnostics)
            ?? throw new InvalidOperationException("no gradient program:\n" + DiagnosticFormatter.Format(diagnostics.ToSortedArray()));
        var combined = GradientCheck.Check([source, new SourceText(gradients.Text, "gradients.tl")], gradients.Text);

        // Float64 engines should agree with autograd to rounding; float32 to its own precision.
        var tolerance = EngineMatrix.IsSinglePrecision(engine) ? 2e-4 : 1e-9;
        using var session = new Session(combined, EngineMatrix.Get(engine).Engine, new EvaluationOptions());
        AssertClose("Loss", ReadNpy(folder, "loss.npy"), session.Evaluate(combined.FindTensor("Loss")!), tolerance, gradients.Text);
        foreach (var (tensor, gradient) in gradients.Gradients)
        {
            AssertClose($"dLoss/d{tensor.Name}", ReadNpy(folder, $"grad_{tensor.Name.ToLowerInvariant()}.npy"),
                session.Evaluate(combined.FindTensor(gradient)!), tolerance, gradients.Text);
        }
    }

    /// <summary>Each element within <paramref name="tolerance"/>·max(1, |expected|): relative for large values, absolute near 0.</summary>
    private static void AssertClose(string what, DenseContent expected, TensorValue actual, double tolerance, string gradientText)
    {
        var dense = actual.ToDouble();
        Assert.True(expected.Shape.SequenceEqual(dense.Shape),
            $"{what}: PyTorch's shape ({string.Join(", ", expected.Shape)}), ours ({string.Join(", ", dense.Shape)})");
        for (var i = 0; i < expected.Values.Length; i++)
        {
            double torch = expected.Values[i], ours = dense.Data[i];
            Assert.True(Math.Abs(ours - torch) <= tolerance * Math.Max(1, Math.Abs(torch)),
                $"{what}{Cell(expected.Shape, i)}: PyTorch {torch:R}, ours {ours:R}\n{gradientText}");
        }
    }

    /// <summary>A flat row-major position as indices, "[1, 0, 2]", so a failure names the element.</summary>
    private static string Cell(IReadOnlyList<int> shape, int flat)
    {
        if (shape.Count == 0)
            return "";
        var indices = new int[shape.Count];
        for (var axis = shape.Count - 1; axis >= 0; axis--)
        {
            indices[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return $"[{string.Join(", ", indices)}]";
    }

    private static DenseContent ReadNpy(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        using var stream = File.OpenRead(path);
        var diagnostics = new DiagnosticBag();
        return NpyFormat.Read(stream, path, null, diagnostics)
            ?? throw new InvalidOperationException($"cannot read {path}:\n" + DiagnosticFormatter.Format(diagnostics.ToSortedArray()));
    }
}
