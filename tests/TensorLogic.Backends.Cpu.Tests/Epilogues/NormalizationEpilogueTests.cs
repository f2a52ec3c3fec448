using TensorLogic.Runtime.Values;
using System.Collections.Immutable;
using System.Numerics;
using TensorLogic.Backends.Cpu.Epilogues;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Tests.Loops;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Tests.Epilogues;

/// <summary>
/// Softmax and layer norm along every choice of axes of a [3, 4, 5] buffer, fully and partly reached,
/// against softmax and layer norm written out plainly in double, applied to each group's reached cells.
/// </summary>
public sealed class NormalizationEpilogueTests
{
    private static readonly ImmutableArray<int> Shape = [3, 4, 5];

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var function in new[] { "softmax", "lnorm" })
        {
            foreach (var axes in new[] { "2", "1", "0", "1,2", "0,2", "0,1,2", "" })
            {
                data.Add(function, axes, false);
                data.Add(function, axes, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double(string function, string axes, bool partlyReached) => Check<double>(function, axes, partlyReached);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float(string function, string axes, bool partlyReached) => Check<float>(function, axes, partlyReached);

    /// <summary>Groups whose reached cells are one run (a causal mask's prefix, a band, a suffix) are normalized in place.</summary>
    [Fact]
    public void Runs_of_reached_cells()
    {
        // Along the last axis (5 cells), group g reaches [g % 5 .. g % 5 + g % 3] clipped: prefixes, bands, suffixes, single cells.
        var counts = new int[60];
        for (var g = 0; g < 12; g++)
        {
            for (var x = g % 5; x <= Math.Min(4, g % 5 + g % 3); x++)
                counts[g * 5 + x] = 1 + g % 2;
        }
        foreach (var function in new[] { "softmax", "lnorm" })
        {
            Check<double>(function, "2", counts);
            Check<float>(function, "2", counts);
        }
    }

    /// <summary>A group with a single reached cell, and one with none, are normalized (or left) like any other.</summary>
    [Fact]
    public void Sparse_groups()
    {
        var counts = new int[60];
        counts[7] = 1;
        counts[20] = 2;
        counts[21] = 1;
        foreach (var function in new[] { "softmax", "lnorm" })
        {
            Check<double>(function, "2", counts);
            Check<float>(function, "1,2", counts);
        }
    }

    private static void Check<T>(string function, string axes, bool partlyReached)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Check<T>(function, axes, partlyReached ? [.. Enumerable.Range(0, 60).Select(i => i % 7 == 3 || i % 11 == 0 ? 0 : 1)] : null);

    private static void Check<T>(string function, string axes, int[]? counts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var normalized = axes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToImmutableArray();
        var random = new Random(axes.Length + function.Length);
        var inputs = Enumerable.Range(0, 60).Select(_ => Math.Round(random.NextDouble() * 6 - 3, 3)).ToArray();
        var values = new DenseTensor<T>(Shape, [.. inputs.Select(T.CreateTruncating)]);
        Epilogue<T>.Apply(new IrOuterFunction(BuiltinFunction.Find(function)!, [], normalized), values, counts, []);

        var expected = (double[])inputs.Clone();
        var groups = Enumerable.Range(0, 60)
            .Where(i => counts is null || counts[i] > 0)
            .GroupBy(i => string.Join(",", Cell(i).Where((_, axis) => !normalized.Contains(axis))));
        foreach (var group in groups)
        {
            var members = group.ToArray();
            var before = members.Select(i => inputs[i]).ToArray();
            var after = function == "softmax" ? Softmax(before) : LayerNorm(before);
            for (var m = 0; m < members.Length; m++)
                expected[members[m]] = after[m];
        }
        for (var i = 0; i < 60; i++)
            TermCheck.AssertClose<T>(expected[i], double.CreateTruncating(values.Data[i]), $"{function} along [{axes}], cell {i}");
    }

    private static int[] Cell(int offset) => [offset / 20, offset / 5 % 4, offset % 5];

    private static double[] Softmax(double[] values)
    {
        var max = values.Max();
        var exps = values.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exps.Sum();
        return [.. exps.Select(e => e / sum)];
    }

    private static double[] LayerNorm(double[] values)
    {
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        var scale = 1 / Math.Sqrt(variance + 1e-5);
        return [.. values.Select(v => (v - mean) * scale)];
    }
}
