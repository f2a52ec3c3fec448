using TensorLogic.Runtime.Values;
using System.Numerics;
using TensorLogic.Backends.Cpu.Epilogues;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Tests.Loops;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Backends.Cpu.Tests.Epilogues;

/// <summary>
/// Elementwise outer functions against <see cref="ElementwiseFunctions"/>, on whole buffers (the SIMD path)
/// and on partly reached ones (unreached cells must keep their values).
/// </summary>
public sealed class ElementwiseEpilogueTests
{
    /// <summary>Ordinary values plus the edge cases the definitions decide: 0, -0, NaN, infinities.</summary>
    private static double[] Inputs()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 61).Select(_ => random.NextDouble() * 8 - 4).ToList();
        values.AddRange([0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-3, -1e-3, 30, -30]);
        return [.. values];
    }

    public static TheoryData<string, double?> Functions() => new()
    {
        { "step", null }, { "sig", null }, { "sig", 1.0 }, { "sig", 0.5 }, { "sig", 0.0 }, { "sig", -2.0 }, { "relu", null },
        { "exp", null }, { "log", null }, { "sin", null }, { "cos", null }, { "sqrt", null }, { "tanh", null },
        { "abs", null }, { "pow", 3.0 }, { "pow", 2.5 }, { "pow", 2.0 }, { "pow", -1.0 },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_cell_in_double(string name, double? argument) => Check<double>(name, argument, reachedOnly: false);

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_cell_in_float(string name, double? argument) => Check<float>(name, argument, reachedOnly: false);

    [Theory]
    [MemberData(nameof(Functions))]
    public void Reached_cells_in_double(string name, double? argument) => Check<double>(name, argument, reachedOnly: true);

    [Theory]
    [MemberData(nameof(Functions))]
    public void Reached_cells_in_float(string name, double? argument) => Check<float>(name, argument, reachedOnly: true);

    private static void Check<T>(string name, double? argument, bool reachedOnly)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = Inputs();
        var values = new DenseTensor<T>([inputs.Length], [.. inputs.Select(T.CreateTruncating)]);
        int[]? counts = reachedOnly ? [.. inputs.Select((_, i) => i % 3 == 1 ? 0 : 1 + i % 2)] : null;
        var function = new IrOuterFunction(BuiltinFunction.Find(name)!, [], []);
        T[] extra = argument is { } a ? [T.CreateTruncating(a)] : [];
        Epilogue<T>.Apply(function, values, counts, extra);
        for (var i = 0; i < inputs.Length; i++)
        {
            var actual = double.CreateTruncating(values.Data[i]);
            var input = double.CreateTruncating(T.CreateTruncating(inputs[i]));
            if (counts is not null && counts[i] == 0)
            {
                Assert.Equal(input, actual);
                continue;
            }
            double[] arguments = argument is { } x ? [input, x] : [input];
            var expected = ElementwiseFunctions.Apply(function.Function, arguments);
            TermCheck.AssertClose<T>(expected, actual, $"{name}({string.Join(", ", arguments)})");
        }
    }
}
