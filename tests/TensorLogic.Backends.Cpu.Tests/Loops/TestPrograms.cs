using System.Globalization;
using System.Text;
using TensorLogic.Compiler;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Lowering;
using TensorLogic.Compiler.Planning;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>Small .tl programs checked by the real front end, with literal data made up deterministically.</summary>
internal static class TestPrograms
{
    public static BoundProgram Compile(string text)
    {
        var result = Compilation.Compile([new SourceText(text, "test.tl")], null);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Bound!;
    }

    /// <summary>A tensor literal of the given shape with values in [-1, 1] (three decimals, so exact in text).</summary>
    public static string Literal(int seed, params int[] shape)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        Write(text, random, shape, 0);
        return text.ToString();
    }

    private static void Write(StringBuilder text, Random random, int[] shape, int axis)
    {
        text.Append('[');
        for (var i = 0; i < shape[axis]; i++)
        {
            if (i > 0)
                text.Append(", ");
            if (axis == shape.Length - 1)
                text.Append((Math.Round(random.NextDouble() * 2 - 1, 3)).ToString("0.###", CultureInfo.InvariantCulture));
            else
                Write(text, random, shape, axis + 1);
        }
        text.Append(']');
    }

    public static TensorSymbol Tensor(this BoundProgram program, string name) =>
        program.FindTensor(name) ?? throw new ArgumentException($"no tensor '{name}'");

    /// <summary>The target's equations as lowering gives them to kernels, in source order.</summary>
    public static IReadOnlyList<IrEquation> EquationsOf(this BoundProgram program, string name)
    {
        var tensor = program.Tensor(name);
        return [.. Lowerer.Lower(program, new PlannerOptions(), "cpu").Strata.SelectMany(s => s.Equations).Where(e => e.Target == tensor)];
    }
}
