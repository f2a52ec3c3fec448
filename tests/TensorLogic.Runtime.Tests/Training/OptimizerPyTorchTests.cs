using TensorLogic.Runtime.Training;

namespace TensorLogic.Runtime.Tests.Training;

/// <summary>
/// Three steps on two parameters with changing gradients and rates, against PyTorch. The expected values
/// were produced once with PyTorch 1.13 in float64 by setting <c>.grad</c> before each
/// <c>clip_grad_norm_</c> (where clipping) and <c>optimizer.step()</c>, with the group's lr set to
/// 0.1, 0.05, 0.02; the printed values are pasted here. The tests do not need Python.
/// </summary>
public class OptimizerPyTorchTests
{
    private static readonly double[] InitialW = [0.5, -1.0, 1.5, 2.0];
    private static readonly double[] InitialB = [0.1, -0.2];
    private static readonly double[][] GradientsW = [[0.1, -0.2, 0.3, 0.4], [-0.3, 0.1, 0.2, -0.1], [0.05, 0.05, -0.4, 0.3]];
    private static readonly double[][] GradientsB = [[0.5, -0.5], [0.25, 0.75], [-1.0, 0.2]];
    private static readonly double[] Rates = [0.1, 0.05, 0.02];

    // Values of W (row-major) then b; the last digits differ from PyTorch's by rounding at most.
    private const double Tolerance = 1e-14;

    [Fact]
    public void Sgd() => Check(
        new OptimizerSettings(OptimizerKind.Sgd, 1),
        [0.504, -0.986, 1.468, 1.9589999999999999, 0.05750000000000001, -0.19150000000000003]);

    [Fact]
    public void Sgd_momentum() => Check(
        new OptimizerSettings(OptimizerKind.Sgd, 1) { Momentum = 0.9 },
        [0.50328, -0.97556, 1.44604, 1.93632, 0.022400000000000003, -0.17440000000000003]);

    [Fact]
    public void Sgd_nesterov() => Check(
        new OptimizerSettings(OptimizerKind.Sgd, 1) { Momentum = 0.9, Nesterov = true },
        [0.506952, -0.964004, 1.4194360000000001, 1.901688, -0.01234, -0.16846000000000003]);

    [Fact]
    public void Sgd_momentum_with_weight_decay() => Check(
        new OptimizerSettings(OptimizerKind.Sgd, 1) { Momentum = 0.9, WeightDecay = 0.01 },
        [0.50204123395, -0.9730874679, 1.44233470185, 1.9313759357999998, 0.02220190198999999, -0.17394280898]);

    [Fact]
    public void Adam() => Check(
        new OptimizerSettings(OptimizerKind.Adam, 1),
        [0.43025946413448046, -0.8854553766963458, 1.3509365181826296, 1.8631380193607363, -0.042481838279679024, -0.11889276299826772]);

    [Fact]
    public void Adam_with_weight_decay() => Check(
        new OptimizerSettings(OptimizerKind.Adam, 1) { WeightDecay = 0.1 },
        [0.4163496149678813, -0.8563048565437716, 1.3425158000432138, 1.844028935348689, -0.04240477817613577, -0.11719220442268981]);

    [Fact]
    public void AdamW() => Check(
        new OptimizerSettings(OptimizerKind.AdamW, 1) { WeightDecay = 0.1 },
        [0.4224489950834604, -0.8692609103636771, 1.3263524033683327, 1.8300437661587714, -0.04338163033213649, -0.11618297280306288]);

    [Fact]
    public void Adam_with_other_betas_and_epsilon() => Check(
        new OptimizerSettings(OptimizerKind.Adam, 1) { Beta1 = 0.5, Beta2 = 0.6, Epsilon = 1e-3 },
        [0.43973957311444806, -0.9057356012700155, 1.3601125841891952, 1.8731111879566436, -0.03412193042126817, -0.1356466570100947]);

    [Fact]
    public void Sgd_with_clipping_to_norm_1() => Check(
        new OptimizerSettings(OptimizerKind.Sgd, 1) { ClipNorm = 1.0 },
        [0.5041212512218726, -0.9858787487781274, 1.4670299902250192, 1.9597275073312355, 0.055074975562548006, -0.19101499511250963]);

    [Fact]
    public void Adam_with_clipping_to_norm_half() => Check(
        new OptimizerSettings(OptimizerKind.Adam, 1) { ClipNorm = 0.5 },
        [0.43100736267175266, -0.8852361865137895, 1.3484221603038737, 1.8640947392497378, -0.04470782967004161, -0.11879348619893589]);

    [Fact]
    public void Sgd_with_a_clipping_norm_never_reached_is_plain_sgd() => Check(
        new OptimizerSettings(OptimizerKind.Sgd, 1) { ClipNorm = 100.0 },
        [0.504, -0.986, 1.468, 1.9589999999999999, 0.05750000000000001, -0.19150000000000003]);

    private static void Check(OptimizerSettings settings, double[] expected)
    {
        var w = new Parameter("W", [2, 2], [.. InitialW]);
        var b = new Parameter("b", [2], [.. InitialB]);
        var optimizer = Optimizer.Create(settings);
        for (var step = 0; step < Rates.Length; step++)
        {
            GradientsW[step].CopyTo(w.Gradient, 0);
            GradientsB[step].CopyTo(b.Gradient, 0);
            optimizer.Step([w, b], Rates[step]);
        }
        TrainingAssert.Close(expected, [.. w.Values, .. b.Values], Tolerance);
    }
}
