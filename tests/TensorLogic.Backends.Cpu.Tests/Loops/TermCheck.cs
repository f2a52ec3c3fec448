using TensorLogic.Runtime.Kernels;
using System.Numerics;
using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Backends.Cpu.Operands;
using TensorLogic.Backends.Cpu.Loops;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Reference;

namespace TensorLogic.Backends.Cpu.Tests.Loops;

/// <summary>
/// Runs a term on the reference TermEvaluator and on a <see cref="LoopKernel{T}"/> over the same tensors
/// and compares every cell: the number of bindings that reached it, and its aggregated value.
/// </summary>
internal static class TermCheck
{
    private static readonly IReadOnlyDictionary<int, int> NothingPinned = new Dictionary<int, int>();

    /// <summary>Compares every term of every equation of <paramref name="target"/>; returns how many cells the reference reached.</summary>
    public static int Compare<T>(BoundProgram program, string target, IReadOnlyDictionary<int, int>? pinned = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reached = 0;
        foreach (var equation in program.EquationsOf(target))
        {
            foreach (var term in equation.GenericTerms)
                reached += Compare<T>(program, equation, term, pinned);
        }
        return reached;
    }

    public static int Compare<T>(BoundProgram program, IrEquation equation, IrGenericTerm term, IReadOnlyDictionary<int, int>? pinned)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var operands = new TestOperands<T>(program, equation);
        var (expectedValues, expectedCounts) = Reference(equation, term, operands, pinned ?? NothingPinned);
        var kernel = new LoopKernel<T>(equation, term);
        // Past the runs a small nest is interpreted, so that the interpreted and the compiled nest are both checked.
        for (var run = 0; run <= NestRunner<T>.CompileAfter; run++)
        {
            var accumulator = new TermAccumulator<T>(equation.Target.Shape, equation.Aggregation);
            kernel.Execute(operands, accumulator, pinned);
            accumulator.Finish();
            for (var offset = 0; offset < accumulator.Counts.Length; offset++)
            {
                var count = expectedCounts.GetValueOrDefault(offset);
                Assert.True(count == accumulator.Counts[offset],
                    $"{equation.Text} (run {run + 1}): cell {offset} reached {accumulator.Counts[offset]} times, the reference says {count}");
                if (count > 0)
                    AssertClose<T>(expectedValues[offset], double.CreateTruncating(accumulator.Values.Data[offset]), $"{equation.Text} (run {run + 1}): cell {offset}");
            }
        }
        return expectedCounts.Count;
    }

    /// <summary>float: relative 1e-4 (absolute 1e-5 near 0); double: 1e-12.</summary>
    public static void AssertClose<T>(double expected, double actual, string what)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual) || expected == actual)
            return;
        var (relative, absolute) = typeof(T) == typeof(float) ? (1e-4, 1e-5) : (1e-12, 1e-12);
        Assert.True(Math.Abs(expected - actual) <= Math.Max(absolute, relative * Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}");
    }

    /// <summary>The reference's per-cell values (averages divided) and binding counts, by row-major offset.</summary>
    public static (Dictionary<int, double> Values, Dictionary<int, int> Counts) Reference(
        IrEquation equation, IrGenericTerm term, ICellReader reader, IReadOnlyDictionary<int, int> pinned)
    {
        var target = equation.TargetAccess;
        var shape = target.Tensor.Shape;
        var accumulator = CellAccumulator.For(target.Tensor, equation.Aggregation);
        var counts = new Dictionary<int, int>();
        var cell = new int[shape.Length];
        new TermEvaluator(equation, term, reader).Run(pinned, (binding, value) =>
        {
            for (var p = 0; p < cell.Length; p++)
                cell[p] = (int)target.Indices[p].Evaluate(binding);
            accumulator.Add(cell, value);
            var offset = Offset(shape, cell);
            counts[offset] = counts.GetValueOrDefault(offset) + 1;
        });
        var values = accumulator.Reached().ToDictionary(r => Offset(shape, r.Cell), r => r.Value);
        return (values, counts);
    }

    public static int Offset(IReadOnlyList<int> shape, IReadOnlyList<int> cell)
    {
        var offset = 0;
        for (var p = 0; p < shape.Count; p++)
            offset = offset * shape[p] + cell[p];
        return offset;
    }
}
