using TensorLogic.Compiler.Passes;
using TensorLogic.Testing;

namespace TensorLogic.Backends.Cpu.Tests.Attention;

/// <summary>
/// Masked attention (<c>Comp[h, p, q.] = softmax(Before(q, p) ...)</c>, <c>Attn = Comp Val</c>) on every engine against
/// the reference, for masks of every shape the kernels treat differently: a prefix or suffix per row, a band,
/// comparisons evaluated cell by cell, rows with holes, rows with nothing (softmax over no cell leaves the row
/// unreached: Comp 0 there, and so Attn), masks from facts; asked for Attn alone (the CPU computes Comp in
/// place) and with Comp (the CPU computes the masked scores and their softmax, then a GEMM).
/// </summary>
public class MaskedAttentionTests
{
    /// <summary>Each mask's rules and facts, for a number of positions.</summary>
    private static readonly Dictionary<string, Func<int, string>> MaskRules = new()
    {
        ["causal"] = _ => "Before(q, p) <- Pos(q), Pos(p), q <= p",
        ["strict"] = _ => "Before(q, p) <- Pos(q), Pos(p), q < p",
        ["from-the-diagonal"] = _ => "Before(q, p) <- Pos(q), Pos(p), q >= p",
        ["after"] = _ => "Before(q, p) <- Pos(q), Pos(p), p < q",
        ["band"] = _ => "Before(q, p) <- Pos(q), Pos(p), q <= p, q > p - 3",
        ["offset"] = _ => "Before(q, p) <- Pos(q), Pos(p), q + 2 <= p",
        ["diagonal"] = _ => "Before(q, p) <- Pos(q), Pos(p), q == p",
        ["off-diagonal"] = _ => "Before(q, p) <- Pos(q), Pos(p), q != p",
        ["even"] = _ => "Before(q, p) <- Pos(q), Pos(p), Even(q), q <= p",
        ["nothing"] = _ => "Before(q, p) <- Pos(q), Pos(p), q < 0",
        // Rows and columns of positions that are not live are left out: whole rows empty, holes in the others.
        ["live"] = n => $"Live : bool[{n}]\nLive(0)\nLive(2)\nLive(3)\nLive(7)\nLive(8)\nLive(15)\n"
            + "Before(q, p) <- Pos(q), Pos(p), Live(q), Live(p), q <= p",
        // Not a rule: the relation itself is the mask, scattered cells.
        ["facts"] = n => $"Before : bool[{n}, {n}]\n" + string.Join("\n", Enumerable.Range(0, 3 * n).Select(i => $"Before({i * 7 % n}, {i * 5 % n})")),
    };

    // Widths 3 and 20 have their values packed; 32 is read in place (a whole number of vector pairs of floats and of doubles).
    private static readonly (int Heads, int Positions, int Depth, int Width)[] Sizes = [(2, 19, 5, 3), (3, 45, 4, 20), (2, 40, 8, 32)];

    public static TheoryData<string, string> MasksOnEveryEngine() =>
        EngineMatrix.Cross(MaskRules.Keys, EngineMatrix.EngineNames.Where(e => e != "reference"));

    [Theory]
    [MemberData(nameof(MasksOnEveryEngine))]
    public void Attention_agrees_with_the_reference(string mask, string engine)
    {
        foreach (var (heads, positions, depth, width) in Sizes)
        {
            var program = new AttentionProgram(MaskRules[mask](positions), heads, positions, depth, width);
            var expected = program.Run(EngineMatrix.Get("reference").Engine, "Comp", "Attn").Values;
            var tolerance = EngineMatrix.Get(engine).Tolerance;
            // Attn alone: the weights may be computed in place.
            Close(expected[1], program.Run(EngineMatrix.Get(engine).Engine, "Attn").Values[0], tolerance, $"{engine} Attn");
            // Comp as well: the weights are stored.
            var both = program.Run(EngineMatrix.Get(engine).Engine, "Comp", "Attn").Values;
            Close(expected[0], both[0], tolerance, $"{engine} Comp");
            Close(expected[1], both[1], tolerance, $"{engine} Attn with Comp");
        }
    }

    /// <summary>The attention kernels need AVX-512; elsewhere the CPU takes its general path, computing Comp and reading it.</summary>
    private static bool Fuses => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;

    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void The_cpu_computes_the_weights_in_place_unless_they_are_asked_for(string engine)
    {
        var program = new AttentionProgram(MaskRules["causal"](19), heads: 2, positions: 19, depth: 5, width: 3);
        var alone = program.Run(EngineMatrix.Get(engine).Engine, "Attn").Profile;
        // Without AVX-512 the CPU takes its general path: Comp computed, then read.
        Assert.Equal(Fuses, alone.Single(p => p.Text.StartsWith("Attn")).Kernel == "fused-attention");
        Assert.Equal(!Fuses, alone.Any(p => p.Text.StartsWith("Comp")));
        Assert.DoesNotContain(alone, p => p.Text.StartsWith("Before"));
        var both = program.Run(EngineMatrix.Get(engine).Engine, "Comp", "Attn").Profile;
        Assert.Equal(Fuses, both.Single(p => p.Text.StartsWith("Comp")).Kernel == "masked-scores");
        Assert.NotEqual("fused-attention", both.Single(p => p.Text.StartsWith("Attn")).Kernel);
    }

    [Theory]
    [InlineData("causal")]
    [InlineData("even")]
    [InlineData("facts")]
    public void Fused_and_unfused_attention_agree_to_rounding(string mask)
    {
        var program = new AttentionProgram(MaskRules[mask](45), heads: 3, positions: 45, depth: 4, width: 20);
        var unfused = EngineMatrix.CpuWithoutPasses(new HashSet<string> { AttentionFusion.Name, MaskInlining.Name });
        var fused = program.Run(EngineMatrix.Get("cpu-f64").Engine, "Attn");
        Assert.Equal(Fuses, fused.Profile.Any(p => p.Kernel == "fused-attention"));
        Close(program.Run(unfused.Engine, "Attn").Values[0], fused.Values[0], 1e-12, "fused against unfused");
    }

    [Theory]
    // The head index between p and q in the weights and the output.
    [InlineData("Comp[p, h, q.] = softmax(Before(q, p) Query[h, p, dk] Key[h, q, dk])\nAttn[p, h, dv] = Comp[p, h, q] Val[h, q, dv]")]
    // Keys stored q fastest, values v slowest, the output's v before p: every stride other than the usual.
    [InlineData("KeyT[h, dk, q] = Key[h, q, dk]\nValT[h, dv, q] = Val[h, q, dv]\n"
        + "Comp[h, p, q.] = softmax(Before(q, p) Query[h, p, dk] KeyT[h, dk, q])\nAttn[h, dv, p] = ValT[h, dv, q] Comp[h, p, q]")]
    // A scale on the weighted sum, and the key as the first factor of the scores.
    [InlineData("Comp[h, p, q.] = softmax(Before(q, p) Key[h, q, dk] Query[h, p, dk] / 3)\nAttn[h, p, dv] = 0.5 Comp[h, p, q] Val[h, q, dv]")]
    public void Attention_laid_out_otherwise_agrees_with_the_reference(string equations)
    {
        var program = new AttentionProgram(MaskRules["causal"](27), heads: 3, positions: 27, depth: 6, width: 5, equations: equations);
        var expected = program.Run(EngineMatrix.Get("reference").Engine, "Attn").Values[0];
        foreach (var engine in new[] { "cpu", "cpu-f64" })
        {
            var (values, profile) = program.Run(EngineMatrix.Get(engine).Engine, "Attn");
            Assert.Equal(Fuses, profile.Single(p => p.Text.StartsWith("Attn")).Kernel == "fused-attention");
            Close(expected, values[0], EngineMatrix.Get(engine).Tolerance, $"{engine} Attn");
        }
    }

    [Theory]
    // Another normalization: the scores are counted as reached, then the epilogue normalizes them.
    [InlineData("S[h, p, q.] = lnorm(Before(q, p) Query[h, p, dk] Key[h, q, dk])")]
    // An elementwise function of the reached scores; the unreached stay 0.
    [InlineData("S[h, p, q] = exp(Before(q, p) Query[h, p, dk] Key[h, q, dk] / 4)")]
    // A second term reaches every cell, so softmax runs over whole rows after the terms are added.
    [InlineData("S[h, p, q.] = softmax(Before(q, p) Query[h, p, dk] Key[h, q, dk] - Key[h, q, 0])")]
    // A negated score product: the term's sign is part of its factor.
    [InlineData("S[h, p, q.] = softmax(-Before(q, p) Query[h, p, dk] Key[h, q, dk] / sqrt(Dk))")]
    public void Masked_scores_under_any_outer_function_agree_with_the_reference(string equation)
    {
        var program = new AttentionProgram(MaskRules["band"](21), heads: 2, positions: 21, depth: 5, width: 3, equations: equation);
        var expected = program.Run(EngineMatrix.Get("reference").Engine, "S").Values[0];
        foreach (var engine in new[] { "cpu", "cpu-f64" })
        {
            var (values, profile) = program.Run(EngineMatrix.Get(engine).Engine, "S");
            Assert.Equal(Fuses, profile.Single(p => p.Text.StartsWith("S[")).Kernel.Contains("masked-scores"));
            Close(expected, values[0], EngineMatrix.Get(engine).Tolerance, $"{engine} S");
        }
    }

    private static void Close(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!AnswerAssert.Close(expected[i], actual[i], tolerance))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, the reference says {expected[i]:R}");
        }
    }
}
